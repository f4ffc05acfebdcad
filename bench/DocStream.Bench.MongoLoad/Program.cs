using System.Globalization;
using DocStream.Bench.MongoLoad;
using DocStream.Contracts;
using MongoDB.Driver;

// Helper of bench/mongoload.sh: mongoload <mongo-url> <csv.gz> <scale> <emulator-pid> [recomputes]
// Upserts scale x the data set into an empty collection, in segments of a quarter of the data set (135,477
// documents), and prints the emulator's CPU per document of each segment: a cost that grows with the collection
// shows as later segments costing more than the first. Then the dashboard's analytics aggregation runs `recomputes`
// times (default 2) over the stored collection, with the emulator's CPU for each.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: DocStream.Bench.MongoLoad <mongo-url> <csv.gz> <scale> <emulator-pid> (see bench/mongoload.sh)");
    return 2;
}
var inv = CultureInfo.InvariantCulture;
var scale = double.Parse(args[2], inv);
var emulatorPid = int.Parse(args[3], inv);
var recomputes = args.Length > 4 ? int.Parse(args[4], inv) : 2;
var lines = ScaledLines.Read(args[1], scale);
var database = new MongoClient(args[0]).GetDatabase(PipelineNames.Database);
var invoices = database
    .GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection).WithWriteConcern(WriteConcern.WMajority);
var load = new UpsertLoad(invoices);
await load.CreateIndexesAsync();

var name = $"mongoload.scale_{scale.ToString(inv)}";
void Bench(string metric, FormattableString value) => Console.WriteLine($"BENCH {name}.{metric}={FormattableString.Invariant(value)}");
var segment = (int)Math.Round(541_909 / 4.0);
double seconds = 0, cpu = 0;
for (var (start, n) = (0, 1); start < lines.Count; n++)
{
    // A remainder shorter than half a segment (2 documents at scale 2) joins the last segment.
    var count = lines.Count - start < segment * 3 / 2 ? lines.Count - start : segment;
    var part = lines.GetRange(start, count);
    var cpuBefore = ProcessCpu.Seconds(emulatorPid);
    var partSeconds = await load.RunAsync(part);
    var partCpu = ProcessCpu.Seconds(emulatorPid) - cpuBefore;
    seconds += partSeconds;
    cpu += partCpu;
    Console.WriteLine(FormattableString.Invariant(
        $"segment {n}: documents {start + 1}-{start + part.Count}, {partSeconds:F2} s, emulator {partCpu * 1e6 / part.Count:F1} µs CPU/doc"));
    start += count;
}
var stored = await invoices.CountDocumentsAsync(FilterDefinition<InvoiceLine>.Empty);
if (stored != lines.Count)
{
    Console.Error.WriteLine($"MongoDB holds {stored} documents, not {lines.Count}.");
    return 1;
}
var analytics = new AnalyticsRecompute(database);
var analyticsCpu = new List<double>();
for (var i = 0; i < recomputes; i++)
{
    var cpuBefore = ProcessCpu.Seconds(emulatorPid);
    var (recomputeSeconds, counted) = await analytics.RunAsync();
    var recomputeCpu = ProcessCpu.Seconds(emulatorPid) - cpuBefore;
    analyticsCpu.Add(recomputeCpu);
    Console.WriteLine(FormattableString.Invariant(
        $"analytics recompute {i + 1}: {counted} lines, {recomputeSeconds:F2} s, emulator {recomputeCpu:F2} CPU-s ({recomputeCpu * 1e6 / lines.Count:F2} µs per stored document)"));
}
Bench($"docs", $"{lines.Count}");
Bench($"seconds", $"{seconds:F2}");
Bench($"docs_per_s", $"{lines.Count / seconds:F0}");
Bench($"cpu_us_per_doc.mongo", $"{cpu * 1e6 / lines.Count:F1}");
if (analyticsCpu.Count > 0)
{
    Bench($"analytics.cpu_seconds", $"{analyticsCpu.Min():F2}");
}
return 0;
