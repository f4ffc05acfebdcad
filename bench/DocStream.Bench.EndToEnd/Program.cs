using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using DocStream.Bench.EndToEnd;
using DocStream.Contracts;
using DocStream.EndToEnd.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// End-to-end benchmark: start the AppHost on emulators, replay the whole data set with the real replayer,
// wait until every row is readable in MongoDB, then check the store against the CSV, row by row.
var arguments = BenchArguments.Parse(args, DataSet.FullFile);
var (file, rowsLimit) = (arguments.File, arguments.RowsLimit);
var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
var dataDirectory = Path.Combine(Path.GetTempPath(), "docstream-bench-e2e-" + Guid.NewGuid().ToString("N"));
Console.WriteLine($"Data set: {file} (the real file, not a synthetic generator)");

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(
[
    "DocStream:Infrastructure=emulators",
    $"DocStream:EmulatorDataDirectory={dataDirectory}",
    $"Parameters:ingest-api-key={apiKey}",
    $"Parameters:mongo-password={Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
]);
// Start-up probes fail until each resource listens; only real problems should reach the console.
builder.Services.AddLogging(logging => logging
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
    .AddFilter("Aspire.Hosting", LogLevel.Warning)
    .AddFilter("Microsoft", LogLevel.Warning)
    .AddFilter("System.Net.Http", LogLevel.Warning));
await using var app = await builder.BuildAsync();
using (var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
{
    await app.StartAsync(startup.Token);
    await app.ResourceNotifications.WaitForResourceHealthyAsync("ingestapi", startup.Token);
    await app.ResourceNotifications.WaitForResourceHealthyAsync("processor", startup.Token);
}
var database = new MongoClient(await app.GetConnectionStringAsync(PipelineNames.Database)).GetDatabase(PipelineNames.Database);
var invoices = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
Console.WriteLine("System up; replaying.");

var expected = DataSet.Read(file, rowsLimit).ToList();
var stem = Path.GetFileName(file).Replace(".csv.gz", "", StringComparison.Ordinal).Replace(".csv", "", StringComparison.Ordinal);
var copies = ReplayCopy.Plan(stem, expected.Count, arguments.Scale);
var documents = copies.Sum(c => (long)c.Rows);
Console.WriteLine($"Scale {arguments.ScaleLabel}: {documents} documents in {copies.Count} pass(es) of the replayer ({string.Join(", ", copies.Select(c => $"{c.IdPrefix}:1..{c.Rows}"))}).");
string[] resources = [PipelineNames.Kafka, PipelineNames.MongoServer, "ingestapi", "processor", "dashboard"];
var cpu = new PipelineCpu(app, resources);
cpu.Start();
var clock = Stopwatch.StartNew();
foreach (var copy in copies)
{
    // Passes one after the other: each runs as the single pass of scale 1 does, so per-document costs compare.
    using var replayer = Process.Start(new ProcessStartInfo("dotnet",
        $"\"{Path.Combine(AppContext.BaseDirectory, "DocStream.Replayer.dll")}\" --file \"{file}\" --api-url {app.GetEndpoint("ingestapi", "http")} --quiet --batch-size 5000 --concurrency 6"
        + (copy.Rows == expected.Count && rowsLimit == int.MaxValue ? "" : $" --limit {copy.Rows}")
        + (copy.IdPrefix == stem ? "" : $" --id-prefix {copy.IdPrefix}"))
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        WorkingDirectory = Path.GetTempPath(),
        Environment = { ["DOCSTREAM_API_KEY"] = apiKey },
    })!;
    var replayOutput = await replayer.StandardOutput.ReadToEndAsync();
    await replayer.WaitForExitAsync();
    Console.WriteLine(replayOutput.Split('\n').LastOrDefault(l => l.StartsWith("REPLAY", StringComparison.Ordinal)) ?? replayOutput);
    if (replayer.ExitCode != 0)
    {
        Console.Error.WriteLine($"The replayer failed with exit code {replayer.ExitCode}.");
        return 1;
    }
}
var replaySeconds = clock.Elapsed.TotalSeconds;

// Readable in MongoDB: poll the count until it stops short of nothing.
long stored = 0;
var deadline = DateTime.UtcNow.AddMinutes(5);
while (DateTime.UtcNow < deadline && (stored = await invoices.EstimatedDocumentCountAsync()) < documents)
{
    await Task.Delay(100);
}
var seconds = clock.Elapsed.TotalSeconds;
var cpuSeconds = cpu.Used();
Console.WriteLine($"Replay finished after {replaySeconds:F1} s; all rows readable after {seconds:F1} s.");

// The store against the CSV, every field of every row of every copy: each stored document is looked up by its id.
var copyByPrefix = copies.Select((c, i) => (c, i)).ToDictionary(x => x.c.IdPrefix, x => x.i);
var seen = copies.Select(c => new bool[c.Rows + 1]).ToArray();
var duplicates = 0;
var extra = 0;
var wrong = 0;
long found = 0;
await foreach (var d in (await invoices.FindAsync(FilterDefinition<BsonDocument>.Empty, new FindOptions<BsonDocument> { BatchSize = 10_000 })).ToAsyncEnumerable())
{
    var id = d["_id"].AsString;
    var colon = id.LastIndexOf(':');
    if (colon < 0 || !copyByPrefix.TryGetValue(id[..colon], out var copyIndex)
        || !int.TryParse(id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var rowNumber)
        || rowNumber < 1 || rowNumber > copies[copyIndex].Rows)
    {
        extra++;
        continue;
    }
    if (seen[copyIndex][rowNumber])
    {
        duplicates++;
        continue;
    }
    seen[copyIndex][rowNumber] = true;
    found++;
    var row = expected[rowNumber - 1];
    var same = d["InvoiceNo"].AsString == row.InvoiceNo && d["StockCode"].AsString == row.StockCode
        && d["Description"].AsString == row.Description && d["Quantity"].AsInt32 == row.Quantity
        && d["InvoiceDate"].ToUniversalTime() == row.InvoiceDate && d["UnitPrice"].AsDecimal == row.UnitPrice
        && (d["CustomerID"].IsBsonNull ? null : (int?)d["CustomerID"].AsInt32) == row.CustomerID && d["Country"].AsString == row.Country;
    if (!same)
    {
        wrong++;
    }
}
var missing = documents - found;

// Scale 1 keeps the names it always had; other scales are named by their scale.
var name = arguments.IsDefaultScale ? "e2e.full" : $"e2e.scale_{arguments.ScaleLabel}";
var cpuName = arguments.IsDefaultScale ? "e2e" : name;
void Bench(string metric, FormattableString value) => Console.WriteLine($"BENCH {metric}={FormattableString.Invariant(value)}");
Bench($"{name}.rows", $"{documents}");
Bench($"{name}.stored", $"{stored}");
Bench($"{name}.duplicates", $"{duplicates + extra}");
Bench($"{name}.missing", $"{missing}");
Bench($"{name}.mismatched", $"{wrong}");
Bench($"{name}.seconds", $"{seconds:F1}");
// CPU (user + system, children included) from the replayer's start until every document was readable, per stored document.
var perDocument = Math.Max(stored, 1);
foreach (var (process, used) in cpuSeconds.OrderBy(p => p.Key, StringComparer.Ordinal))
{
    Bench($"{cpuName}.cpu_us_per_doc.{process}", $"{used * 1e6 / perDocument:F1}");
}
Bench($"{cpuName}.cpu_us_per_doc.total", $"{cpuSeconds.Values.Sum() * 1e6 / perDocument:F1}");
if (double.TryParse(Environment.GetEnvironmentVariable("FLOOR_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var floorSeconds) && floorSeconds > 0)
{
    Bench($"{cpuName}.vs_floor", $"{seconds / floorSeconds:F2}");
}
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
}
return missing == 0 && duplicates + extra == 0 && wrong == 0 ? 0 : 1;
