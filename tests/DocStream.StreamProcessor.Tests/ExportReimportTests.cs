using System.Text;
using System.Text.Json;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Export;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;
using DocStream.StreamProcessor.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>
/// The dashboard's export of lines, read from the MongoDB emulator with a cursor: the CSV goes back through the
/// replayer's reader and row mapper, into Kafka and through a real processor, and the store then holds the same
/// lines twice (the originals and the re-imported copies, under the replayer's new ids).
/// </summary>
public sealed class ExportReimportTests(ITestOutputHelper output)
{
    // Far enough into the data set to include the pound sign (row 38,249), quotes, commas and trailing spaces.
    private const int Rows = 40_000;

    private static async Task<byte[]> ExportAsync(IMongoDatabase database, LineFilter filter, ExportFormat format)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var source = new LineExportQueries(database);
        await new ExportResult<InvoiceLine>(format, "lines", ExportTables.Lines, source.StreamAsync(filter, LineSort.Default)).ExecuteAsync(context);
        return body.ToArray();
    }

    /// <summary>Every field but the id, so a line and its re-imported copy compare equal.</summary>
    private static string Fields(InvoiceLine l) => string.Join('\u001f',
        l.InvoiceNo, l.StockCode, l.Description, l.Quantity, l.InvoiceDate.ToString("O"), l.UnitPrice, l.LineTotal, l.CustomerID, l.Country, l.IsCancellation);

    [Fact]
    public async Task The_csv_export_of_all_lines_replays_through_the_replayer_and_the_processor_into_the_same_lines()
    {
        var originals = RealRows.First(Rows);
        await using var pipeline = await TestPipeline.StartAsync(output);
        var lines = pipeline.Database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);
        await lines.InsertManyAsync(originals);

        var csv = await ExportAsync(pipeline.Database, new LineFilter(), ExportFormat.Csv);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var file = Path.Combine(pipeline.Mongo.DataDirectory, "..", $"export-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, csv);
        try
        {
            using var reader = InvoiceCsvReader.Open(file);
            var mapper = new InvoiceRowMapper("reimport");
            var statistics = new ReplayStatistics();
            var rows = ReplayRowSource.Read(reader, mapper, 0, null, statistics).ToList();
            Assert.All(rows, r => Assert.True(r.Document is not null, $"row {r.RowNumber}: {r.Unmappable}"));
            var reimported = rows.Select(r => r.Document!.Line).ToList();
            Assert.Equal(Rows, reimported.Count);

            await pipeline.ProduceLinesAsync(reimported);
            await pipeline.StartProcessorAsync("reimport");
            await pipeline.WaitForInvoicesAsync(2L * Rows, TimeSpan.FromSeconds(120));

            var stored = await lines.Find(Builders<InvoiceLine>.Filter.Regex(l => l.Id, new BsonRegularExpression("^reimport:"))).ToListAsync();
            Assert.Equal(Rows, stored.Count);
            Assert.Equal(originals.Select(Fields).Order(StringComparer.Ordinal), stored.Select(Fields).Order(StringComparer.Ordinal));
            Assert.Contains(stored, l => l.Description.Contains('£'));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_filtered_export_holds_exactly_the_matching_lines_in_both_formats_and_json_lines_read_back_through_the_api_reader()
    {
        var originals = RealRows.First(5_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        var lines = pipeline.Database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);
        await lines.InsertManyAsync(originals);
        var filter = new LineFilter { Country = "France" };
        var expected = originals.Where(l => l.Country == "France").Select(Fields).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);

        var csvRecords = CsvRecords(await ExportAsync(pipeline.Database, filter, ExportFormat.Csv));
        Assert.Equal(expected.Count, csvRecords);

        var jsonl = Encoding.UTF8.GetString(await ExportAsync(pipeline.Database, filter, ExportFormat.JsonLines));
        var read = new List<InvoiceLine>();
        foreach (var line in jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var errors = new Dictionary<string, List<string>>();
            read.Add(InvoiceLineReader.Read(json.RootElement, () => "jsonl", errors) ?? throw new InvalidDataException(string.Join("; ", errors.SelectMany(e => e.Value))));
            // Numbers are JSON numbers, not text.
            Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("UnitPrice").ValueKind);
        }
        Assert.Equal(expected, read.Select(Fields).Order(StringComparer.Ordinal));
    }

    private static int CsvRecords(byte[] csv)
    {
        using var reader = new InvoiceCsvReader(new MemoryStream(csv), gzip: false);
        return reader.ReadRecords().Count(r => r.Problem is null);
    }
}
