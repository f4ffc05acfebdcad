extern alias replayer;

using System.Net;
using System.Text;
using DocStream.Contracts;
using DocStream.Dashboard.SecurityTests.Infrastructure;
using DocStream.MongoEmulator;
using MongoDB.Driver;
using replayer::DocStream.Replayer.Csv;
using replayer::DocStream.Replayer.Reporting;
using Xunit.Abstractions;

namespace DocStream.Dashboard.SecurityTests;

/// <summary>
/// The whole data set through the real export endpoint: the 541,909 lines are inserted straight into the MongoDB
/// emulator in their stored shape (as the processor would have written them, without running the pipeline), a viewer
/// downloads all lines as CSV from the dashboard, and that file, read back through the replayer's CSV reader and row
/// mapper, gives the same documents as the data set itself, value for value.
/// </summary>
public sealed class FullExportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OperatorKey = "operator-key-7d1f3b5a9c2e4f6b";
    private const string ViewerKey = "viewer-key-3c5e7a9b1d2f4a6c";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "docstream-export-" + Guid.NewGuid().ToString("N"));
    private MongoEmulatorServer? _mongo;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_viewer_exports_all_541909_lines_as_csv_that_replays_into_the_data_sets_own_documents()
    {
        var started = DateTime.UtcNow;
        var source = ReadThroughReplayer(DataSetFile.Path, "online-retail");
        Assert.Equal(DataSetFile.Rows, source.Count);

        _mongo = await MongoEmulatorServer.StartAsync(new MongoEmulatorOptions
        {
            Port = 0, DataDirectory = _dataDirectory, Username = "export", Password = "export-" + Guid.NewGuid().ToString("N"),
        });
        var connection = _mongo.ConnectionString.Replace("/?", $"/{PipelineNames.Database}?", StringComparison.Ordinal);
        // Started on the empty store, so its first analytics snapshot costs nothing; no recomputation during the test.
        using var dashboard = new DashboardServer(LoopbackPort.NewBaseUri(), new Dictionary<string, string>
        {
            [$"ConnectionStrings:{PipelineNames.Database}"] = connection,
            ["Dashboard:AccessKeys:Operator"] = OperatorKey,
            ["Dashboard:AccessKeys:Viewer"] = ViewerKey,
            ["Dashboard:Analytics:Interval"] = "01:00:00",
        });
        await LoadAsync(new MongoClient(connection).GetDatabase(PipelineNames.Database).GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection), source);
        output.WriteLine($"read and loaded {source.Count:N0} lines in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");

        using var browser = new HttpBrowser();
        await SignInAsViewerAsync(browser, dashboard);
        var file = Path.Combine(_dataDirectory, "lines.csv");
        var exportStarted = DateTime.UtcNow;
        await DownloadAsync(browser, dashboard.Url("export/lines?format=csv"), file);
        output.WriteLine($"exported {new FileInfo(file).Length:N0} bytes in {(DateTime.UtcNow - exportStarted).TotalSeconds:0.0} s");

        var head = new byte[3];
        await using (var csv = File.OpenRead(file))
        {
            await csv.ReadExactlyAsync(head);
        }
        Assert.Equal(Encoding.UTF8.GetPreamble(), head);
        var exported = ReadThroughReplayer(file, "reimport");
        Assert.Equal(DataSetFile.Rows, exported.Count);
        // The export is in id order, the file in row order: compared as sorted lists of every value but the id.
        Assert.Equal(source.Select(Values).Order(StringComparer.Ordinal), exported.Select(Values).Order(StringComparer.Ordinal));
        output.WriteLine($"all done in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    /// <summary>Every row of the file as the replayer maps it; a row it cannot map fails the test with its reason.</summary>
    private static List<InvoiceLine> ReadThroughReplayer(string file, string idPrefix)
    {
        using var reader = InvoiceCsvReader.Open(file);
        return ReplayRowSource.Read(reader, new InvoiceRowMapper(idPrefix), 0, null, new ReplayStatistics())
            .Select(r => r.Document?.Line ?? throw new InvalidDataException($"{file}, row {r.RowNumber}: {r.Unmappable}"))
            .ToList();
    }

    /// <summary>Every field but the id, so a line and its re-imported copy compare equal.</summary>
    private static string Values(InvoiceLine l) => string.Join('\u001f',
        l.InvoiceNo, l.StockCode, l.Description, l.Quantity, l.InvoiceDate.ToString("O"), l.UnitPrice, l.LineTotal, l.CustomerID, l.Country, l.IsCancellation);

    /// <summary>Straight into the collection in the stored shape, unordered batches as a bulk load would.</summary>
    private static async Task LoadAsync(IMongoCollection<InvoiceLine> lines, IReadOnlyList<InvoiceLine> source)
    {
        var insert = new InsertManyOptions { IsOrdered = false };
        foreach (var batch in source.Chunk(10_000))
        {
            await lines.InsertManyAsync(batch, insert);
        }
        Assert.Equal(source.Count, await lines.CountDocumentsAsync(FilterDefinition<InvoiceLine>.Empty));
    }

    private static async Task SignInAsViewerAsync(HttpBrowser browser, DashboardServer dashboard)
    {
        var form = await browser.GetAsync(dashboard.Url("signin?returnUrl=%2Flines"));
        await browser.PostFormAsync(dashboard.Url("account/signin"),
        [
            new("__RequestVerificationToken", Forms.AntiforgeryToken(form.Body)),
            new("returnUrl", "/lines"),
            new("key", ViewerKey),
        ]);
    }

    /// <summary>Streams the response to a file with the browser's session cookie, as a download would.</summary>
    private static async Task DownloadAsync(HttpBrowser browser, Uri url, string file)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = browser.Cookies, AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromMinutes(3),
        };
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        await using var target = File.Create(file);
        await body.CopyToAsync(target);
    }

    public async Task DisposeAsync()
    {
        if (_mongo is not null)
        {
            await _mongo.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
