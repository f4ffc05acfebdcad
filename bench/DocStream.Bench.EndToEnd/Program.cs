using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using DocStream.Contracts;
using DocStream.EndToEnd.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// End-to-end benchmark: start the AppHost on emulators, replay the whole data set with the real replayer,
// wait until every row is readable in MongoDB, then check the store against the CSV, row by row.
var file = args.Length > 0 ? args[0] : DataSet.FullFile;
var rowsLimit = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : int.MaxValue;
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
var clock = Stopwatch.StartNew();
var replayer = Process.Start(new ProcessStartInfo("dotnet",
    $"\"{Path.Combine(AppContext.BaseDirectory, "DocStream.Replayer.dll")}\" --file \"{file}\" --api-url {app.GetEndpoint("ingestapi", "http")} --quiet --batch-size 5000 --concurrency 6"
    + (rowsLimit == int.MaxValue ? "" : $" --limit {rowsLimit}"))
{
    UseShellExecute = false,
    RedirectStandardOutput = true,
    WorkingDirectory = Path.GetTempPath(),
    Environment = { ["DOCSTREAM_API_KEY"] = apiKey },
})!;
var replayOutput = await replayer.StandardOutput.ReadToEndAsync();
await replayer.WaitForExitAsync();
var replaySeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(replayOutput.Split('\n').LastOrDefault(l => l.StartsWith("REPLAY", StringComparison.Ordinal)) ?? replayOutput);
if (replayer.ExitCode != 0)
{
    Console.Error.WriteLine($"The replayer failed with exit code {replayer.ExitCode}.");
    return 1;
}

// Readable in MongoDB: poll the count until it stops short of nothing.
long stored = 0;
var deadline = DateTime.UtcNow.AddMinutes(5);
while (DateTime.UtcNow < deadline && (stored = await invoices.EstimatedDocumentCountAsync()) < expected.Count)
{
    await Task.Delay(100);
}
var seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"Replay finished after {replaySeconds:F1} s; all rows readable after {seconds:F1} s.");

// The store against the CSV, every field of every row.
var byId = new Dictionary<string, BsonDocument>(expected.Count);
var duplicates = 0;
await foreach (var doc in (await invoices.FindAsync(FilterDefinition<BsonDocument>.Empty, new FindOptions<BsonDocument> { BatchSize = 10_000 })).ToAsyncEnumerable())
{
    if (!byId.TryAdd(doc["_id"].AsString, doc))
    {
        duplicates++;
    }
}
var missing = 0;
var wrong = 0;
var stem = Path.GetFileName(file).Replace(".csv.gz", "", StringComparison.Ordinal).Replace(".csv", "", StringComparison.Ordinal);
foreach (var row in expected)
{
    if (!byId.Remove($"{stem}:{row.RowNumber}", out var d))
    {
        missing++;
        continue;
    }
    var same = d["InvoiceNo"].AsString == row.InvoiceNo && d["StockCode"].AsString == row.StockCode
        && d["Description"].AsString == row.Description && d["Quantity"].AsInt32 == row.Quantity
        && d["InvoiceDate"].ToUniversalTime() == row.InvoiceDate && d["UnitPrice"].AsDecimal == row.UnitPrice
        && (d["CustomerID"].IsBsonNull ? null : (int?)d["CustomerID"].AsInt32) == row.CustomerID && d["Country"].AsString == row.Country;
    if (!same)
    {
        wrong++;
    }
}
var extra = byId.Count;

Console.WriteLine($"BENCH e2e.full.rows={expected.Count}");
Console.WriteLine($"BENCH e2e.full.stored={stored}");
Console.WriteLine($"BENCH e2e.full.duplicates={duplicates + extra}");
Console.WriteLine($"BENCH e2e.full.missing={missing}");
Console.WriteLine($"BENCH e2e.full.mismatched={wrong}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BENCH e2e.full.seconds={seconds:F1}"));
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
}
return missing == 0 && duplicates + extra == 0 && wrong == 0 ? 0 : 1;
