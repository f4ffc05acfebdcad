using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DocStream.Bench.Soak;
using DocStream.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

// Soak benchmark (issue 12): the AppHost on the emulators, the replayer feeding a steady rate of new documents for
// SOAK_MINUTES, /health of every service probed once a second, the processor restarted (SIGTERM) every
// SOAK_RESTART_MINUTES and killed (SIGKILL) once mid-run, every process sampled; at the end every acknowledged
// document must be in MongoDB exactly once. See docs/benchmarks.md.
var settings = SoakSettings.FromEnvironment(args);
var inv = CultureInfo.InvariantCulture;
var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
var work = Directory.CreateTempSubdirectory("docstream-bench-soak-").FullName;
var dataDirectory = Path.Combine(work, "mongo");
Console.WriteLine(string.Create(inv, $"Soak: {settings.Minutes:0.##} min at {settings.Rate:N0} documents/s from {settings.File}; processor SIGTERM every {settings.RestartMinutes:0.##} min, SIGKILL at {settings.KillMinutes:0.##} min; samples every {settings.SampleSeconds:0.#} s; work folder {work}."));

ServiceProcess[] services =
[
    new("ingestapi", "DocStream.IngestApi"),
    new("processor", "DocStream.StreamProcessor"),
    new("dashboard", "DocStream.Dashboard"),
    new(PipelineNames.Kafka, "DocStream.KafkaEmulator"),
    new(PipelineNames.MongoServer, "DocStream.MongoEmulator"),
];
const string Processor = "processor";
string[] httpServices = ["ingestapi", Processor, "dashboard"];

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(
[
    "DocStream:Infrastructure=emulators",
    $"DocStream:EmulatorDataDirectory={dataDirectory}",
    $"Parameters:ingest-api-key={apiKey}",
    $"Parameters:mongo-password={Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
]);
builder.Services.AddLogging(logging => logging
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
    .AddFilter("Aspire.Hosting", LogLevel.Warning)
    .AddFilter("Microsoft", LogLevel.Warning)
    .AddFilter("System.Net.Http", LogLevel.Warning)
    // The resources' own console output (forwarded by the testing host) only when it is an error.
    .AddFilter("DocStream.AppHost.Resources", LogLevel.Warning));
await using var app = await builder.BuildAsync();
using (var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
{
    await app.StartAsync(startup.Token);
    foreach (var name in httpServices)
    {
        await app.ResourceNotifications.WaitForResourceHealthyAsync(name, startup.Token);
    }
}

var clock = new Stopwatch();
var counters = new GcHeapCounters((int)Math.Max(1, settings.SampleSeconds));
var database = new MongoClient(await app.GetConnectionStringAsync(PipelineNames.Database)).GetDatabase(PipelineNames.Database);
var invoices = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
var sampler = new Sampler(services, counters, clock, async () =>
{
    try
    {
        return await invoices.EstimatedDocumentCountAsync();
    }
    catch (Exception e) when (e is MongoException or TimeoutException)
    {
        return null;
    }
});
foreach (var service in services)
{
    using var find = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    var pid = await ResourceProcesses.WaitForAsync(app, service, null, find.Token);
    Console.WriteLine($"{service.Resource}: pid {pid} ({string.Join(' ', ProcFs.CommandLine(pid))})");
    sampler.SetPid(service.Resource, pid);
}

using var http = new HttpClient();
var endpoints = httpServices.ToDictionary(name => name, name => app.GetEndpoint(name, "http"));
var probes = new HealthProbes(http, endpoints, clock);
var replay = new ReplayLoop(Path.Combine(AppContext.BaseDirectory, "DocStream.Replayer.dll"), settings.File,
    endpoints["ingestapi"], apiKey, settings.Rate, work);
var events = new List<(double Seconds, string Label)>();
var restarts = new List<(string Label, double StopSeconds, double DownSeconds)>();
var problems = new List<string>();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var duration = TimeSpan.FromMinutes(settings.Minutes);
Console.WriteLine("System up; soaking.");
clock.Start();
var sampling = sampler.RunAsync(TimeSpan.FromSeconds(settings.SampleSeconds), stop.Token);
var probing = probes.RunAsync(stop.Token);
var chaos = ChaosAsync(stop.Token);
await replay.RunAsync(clock, duration, stop.Token);
var replaySeconds = clock.Elapsed.TotalSeconds;
await stop.CancelAsync();
await Task.WhenAll(sampling, probing, chaos);

// Verification: wait until the processor has drained everything acknowledged, then read every stored id.
var acknowledged = new HashSet<string>(replay.Passes.SelectMany(p => p.AcknowledgedIds()), StringComparer.Ordinal);
var acceptedReported = replay.Passes.Sum(p => p.Accepted);
if (acceptedReported != acknowledged.Count)
{
    problems.Add($"the replayers reported {acceptedReported} accepted but their rows less their rejects files give {acknowledged.Count} ids");
}
Console.WriteLine(string.Create(inv, $"Replay done after {replaySeconds / 60:F1} min: {acknowledged.Count:N0} documents acknowledged ({acknowledged.Count / replaySeconds:N0}/s); waiting for the processor to drain."));
var drain = Stopwatch.StartNew();
long stored = -1, lastChange = 0;
while (drain.Elapsed < TimeSpan.FromMinutes(10))
{
    var now = await invoices.EstimatedDocumentCountAsync();
    if (now != stored)
    {
        (stored, lastChange) = (now, drain.ElapsedMilliseconds);
    }
    if (stored >= acknowledged.Count || drain.ElapsedMilliseconds - lastChange > 60_000)
    {
        break;
    }
    await Task.Delay(250);
}
Console.WriteLine(string.Create(inv, $"Store at {stored:N0} documents {drain.Elapsed.TotalSeconds:F1} s after the replay; reading every id."));
var scan = Stopwatch.StartNew();
var seen = new HashSet<string>(StringComparer.Ordinal);
long scanned = 0, duplicates = 0;
var cursor = await invoices.FindAsync(FilterDefinition<BsonDocument>.Empty, new FindOptions<BsonDocument>
{
    Projection = Builders<BsonDocument>.Projection.Include("_id"),
    BatchSize = 20_000,
});
await foreach (var doc in cursor.ToAsyncEnumerable())
{
    scanned++;
    if (!seen.Add(doc["_id"].AsString))
    {
        duplicates++;
    }
}
Console.WriteLine(string.Create(inv, $"Read {scanned:N0} ids in {scan.Elapsed.TotalSeconds:F1} s."));
var lost = acknowledged.Count(id => !seen.Contains(id));
var extra = seen.Count(id => !acknowledged.Contains(id));
// _id is unique, so a duplicate could only show as more documents than distinct ids or ids read twice.
duplicates += Math.Max(0, scanned - seen.Count - duplicates);
var dataBytes = Directory.Exists(dataDirectory)
    ? new DirectoryInfo(dataDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
    : 0;

// Figures.
var samples = sampler.Samples;
double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
var minutesRun = replaySeconds / 60;
var (baseFrom, baseTo) = settings.BaselineWindow;
var finalFrom = minutesRun - settings.FinalWindowMinutes;
IEnumerable<Sample> Baseline(string resource) => samples.Where(s => s.Resource == resource && s.Seconds >= baseFrom * 60 && s.Seconds <= baseTo * 60);
IEnumerable<Sample> Final(string resource) => samples.Where(s => s.Resource == resource && s.Seconds >= finalFrom * 60);
double Growth(string resource, Func<Sample, double?> value) =>
    Median(Final(resource).Select(value).OfType<double>()) - Median(Baseline(resource).Select(value).OfType<double>());

var health = probes.Tallies;
var instanceWarmUp = Math.Min(60, settings.RestartMinutes * 60 / 4);
Console.WriteLine(string.Create(inv, $"Windows: baseline minutes {baseFrom:0.##}-{baseTo:0.##}, final minutes {finalFrom:0.##}-{minutesRun:0.##}; {samples.Count} samples."));
Console.WriteLine($"Processor restarts and kill: {string.Join(", ", events.Select(e => string.Create(inv, $"{e.Label} at {e.Seconds / 60:F2} min")))}; "
    + $"exited {string.Join(" / ", restarts.Select(r => r.StopSeconds.ToString("F1", inv)))} s and healthy again {string.Join(" / ", restarts.Select(r => r.DownSeconds.ToString("F1", inv)))} s after the signal.");
foreach (var (name, tally) in health)
{
    Console.WriteLine($"Health {name}: {tally.Probes} probes, {tally.Failures} not 200 ({tally.FailuresWhileDownOnPurpose} while stopped on purpose){(tally.Reasons.IsEmpty ? "" : ": " + string.Join(", ", tally.Reasons.Select(r => $"{r.Key} x{r.Value}")))}"
        + (tally.Unplanned.IsEmpty ? "" : $"; unplanned at {string.Join(", ", tally.Unplanned.Take(20).Select(u => string.Create(inv, $"{u.Seconds / 60:F2} min ({u.Reason})")))}"));
}

var bench = new List<string>
{
    string.Create(inv, $"soak.minutes={minutesRun:F1}"),
    $"soak.acknowledged={acknowledged.Count}",
    $"soak.stored={seen.Count}",
    $"soak.lost={lost}",
    $"soak.duplicates={duplicates}",
    $"soak.unexpected={extra}",
    $"soak.passes={replay.Passes.Count}",
    string.Create(inv, $"soak.docs_per_s={acknowledged.Count / replaySeconds:F0}"),
    $"soak.processor_restarts={events.Count(e => e.Label.StartsWith("SIGTERM", StringComparison.Ordinal))}",
    $"soak.processor_kills={events.Count(e => e.Label.StartsWith("SIGKILL", StringComparison.Ordinal))}",
};
var targetsMissed = new List<string>();
foreach (var service in services)
{
    var name = service.Resource;
    var threads = Growth(name, s => s.Threads);
    var fds = Growth(name, s => s.Descriptors);
    var rss = Growth(name, s => s.RssMb);
    var gc = Growth(name, s => s.GcHeapMb);
    var cpu = samples.Where(s => s.Resource == name && s.CpuPercent is not null).Select(s => s.CpuPercent!.Value).DefaultIfEmpty(double.NaN).Average();
    bench.Add(string.Create(inv, $"soak.{name}.threads_growth={threads:0.#}"));
    bench.Add(string.Create(inv, $"soak.{name}.fds_growth={fds:0.#}"));
    bench.Add(string.Create(inv, $"soak.{name}.rss_growth_mb={rss:F1}"));
    bench.Add(double.IsNaN(gc) ? $"soak.{name}.gc_heap_growth_mb=not-sampled" : string.Create(inv, $"soak.{name}.gc_heap_growth_mb={gc:F1}"));
    bench.Add(string.Create(inv, $"soak.{name}.cpu_percent_mean={cpu:F0}"));
    bench.Add(string.Create(inv, $"soak.{name}.rss_final_mb={Median(Final(name).Select(s => s.RssMb)):F0}"));
    // A restarted service's windows hold different processes (each at most RestartMinutes old), which hides a leak
    // inside one process: its largest growth within one process, last sample against the first one a minute after start
    // (a quarter of the restart interval in trial runs with shorter intervals).
    var instances = samples.Where(s => s.Resource == name).GroupBy(s => s.Pid).ToList();
    if (instances.Count > 1)
    {
        var within = instances.Select(g => g.OrderBy(s => s.Seconds).ToList())
            .Select(list => (First: list.FirstOrDefault(s => s.Seconds >= list[0].Seconds + instanceWarmUp), Last: list[^1]))
            .Where(p => p.First is not null && p.Last.Seconds > p.First.Seconds)
            .ToList();
        if (within.Count > 0)
        {
            bench.Add($"soak.{name}.instances={instances.Count}");
            bench.Add($"soak.{name}.instance_threads_growth_max={within.Max(p => p.Last.Threads - p.First!.Threads)}");
            bench.Add($"soak.{name}.instance_fds_growth_max={within.Max(p => p.Last.Descriptors - p.First!.Descriptors)}");
            bench.Add(string.Create(inv, $"soak.{name}.instance_rss_growth_mb_max={within.Max(p => p.Last.RssMb - p.First!.RssMb):F1}"));
        }
    }
    if (threads > 5 || double.IsNaN(threads))
    {
        targetsMissed.Add($"{name} threads +{threads:0.#} (target <= 5)");
    }
    if (fds > 5 || double.IsNaN(fds))
    {
        targetsMissed.Add($"{name} descriptors +{fds:0.#} (target <= 5)");
    }
    if (name == PipelineNames.MongoServer)
    {
        // The MongoDB emulator keeps its data (and indexes) in memory as well as on disk: memory per stored document.
        var storedGrowth = Median(Final(name).Select(s => (double?)s.Stored).OfType<double>()) - Median(Baseline(name).Select(s => (double?)s.Stored).OfType<double>());
        bench.Add(string.Create(inv, $"soak.{name}.rss_bytes_per_doc={rss * 1048576 / storedGrowth:F0}"));
        bench.Add(string.Create(inv, $"soak.{name}.disk_bytes_per_doc={(seen.Count == 0 ? 0 : dataBytes / (double)seen.Count):F0}"));
    }
    else if (rss > 50 || double.IsNaN(rss))
    {
        targetsMissed.Add(string.Create(inv, $"{name} RSS +{rss:F1} MiB (target <= 50)"));
    }
}
if (restarts.Count > 0)
{
    bench.Add(string.Create(inv, $"soak.processor.stop_seconds_max={restarts.Where(r => r.Label == "SIGTERM").Select(r => r.StopSeconds).DefaultIfEmpty(double.NaN).Max():F1}"));
    bench.Add(string.Create(inv, $"soak.processor.down_seconds_max={restarts.Max(r => r.DownSeconds):F1}"));
}
foreach (var (name, tally) in health)
{
    bench.Add($"soak.{name}.health_probes={tally.Probes}");
    bench.Add($"soak.{name}.health_failures={tally.Failures}");
    bench.Add($"soak.{name}.health_failures_unplanned={tally.Failures - tally.FailuresWhileDownOnPurpose}");
}
foreach (var line in bench)
{
    Console.WriteLine("BENCH " + line);
}

var samplesPath = settings.SamplesPath ?? Path.ChangeExtension(settings.PlotPath, ".csv");
sampler.WriteCsv(samplesPath);
SvgPlot.Write(settings.PlotPath, samples, services.Select(s => s.Resource).ToList(), events, minutesRun, settings.BaselineWindow, settings.FinalWindowMinutes,
    string.Create(inv, $"DocStream soak: {minutesRun:F1} min at {acknowledged.Count / replaySeconds:N0} docs/s, {acknowledged.Count:N0} acknowledged, lost {lost}, duplicates {duplicates}"));
Console.WriteLine($"Samples: {samplesPath}; plot: {settings.PlotPath}");
if (targetsMissed.Count > 0)
{
    Console.WriteLine("Targets missed: " + string.Join("; ", targetsMissed));
}
foreach (var problem in problems)
{
    Console.Error.WriteLine("Problem: " + problem);
}
counters.Dispose();
// Stop everything (the MongoDB emulator writes in the work folder) before removing the work folder.
using (var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
{
    try
    {
        await app.StopAsync(stopping.Token);
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("The AppHost did not stop within a minute; its work folder may stay behind: " + work);
    }
}
try
{
    Directory.Delete(work, recursive: true);
}
catch (IOException)
{
}
return lost == 0 && duplicates == 0 && problems.Count == 0 && replay.Passes.All(p => p.ExitCode == 0) ? 0 : 1;

// The processor: SIGTERM every RestartMinutes, SIGKILL once at KillMinutes, each time started again through Aspire.
async Task ChaosAsync(CancellationToken cancellationToken)
{
    var plan = new List<(double Minutes, int Signal)>();
    for (var m = settings.RestartMinutes; m < settings.Minutes - 0.25; m += settings.RestartMinutes)
    {
        plan.Add((m, ProcFs.SigTerm));
    }
    if (settings.KillMinutes > 0 && settings.KillMinutes < settings.Minutes - 0.25)
    {
        plan.Add((settings.KillMinutes, ProcFs.SigKill));
    }
    var processor = services.Single(s => s.Resource == Processor);
    foreach (var (minutes, signal) in plan.OrderBy(p => p.Minutes))
    {
        var wait = TimeSpan.FromMinutes(minutes) - clock.Elapsed;
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            await RestartAsync(processor, signal, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"restart at {minutes:0.##} min failed: {e.Message}");
            Console.Error.WriteLine($"Restart at {minutes:0.##} min failed: {e}");
        }
    }
}

async Task RestartAsync(ServiceProcess service, int signal, CancellationToken cancellationToken)
{
    var label = signal == ProcFs.SigKill ? "SIGKILL" : "SIGTERM";
    var pid = sampler.Pid(service.Resource) ?? throw new InvalidOperationException($"no process known for {service.Resource}");
    var started = clock.Elapsed.TotalSeconds;
    probes.SetDownOnPurpose(service.Resource, true);
    lock (events)
    {
        events.Add((started, label));
    }
    if (!ProcFs.Signal(pid, signal))
    {
        throw new InvalidOperationException($"{label} to pid {pid} was not delivered");
    }
    // Gone (a graceful stop finishes its batch and commits), and Aspire has seen it stop.
    using (var gone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
    {
        gone.CancelAfter(TimeSpan.FromSeconds(60));
        while (ProcFs.IsAlive(pid))
        {
            await Task.Delay(50, gone.Token);
        }
        await app.ResourceNotifications.WaitForResourceAsync(service.Resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), gone.Token);
    }
    var exited = clock.Elapsed.TotalSeconds;
    var commands = app.Services.GetRequiredService<ResourceCommandService>();
    for (var attempt = 1; ; attempt++)
    {
        var result = await commands.ExecuteCommandAsync(service.Resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (result.Success)
        {
            break;
        }
        if (attempt == 20)
        {
            throw new InvalidOperationException($"{KnownResourceCommands.StartCommand} of {service.Resource} failed: {result.Message}");
        }
        await Task.Delay(500, cancellationToken);
    }
    using (var back = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
    {
        back.CancelAfter(TimeSpan.FromMinutes(2));
        var newPid = await ResourceProcesses.WaitForAsync(app, service, pid, back.Token);
        sampler.SetPid(service.Resource, newPid);
        var health = new Uri(endpoints[service.Resource], "/health");
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health, back.Token);
                if ((int)response.StatusCode == 200)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, back.Token);
        }
        var healthy = clock.Elapsed.TotalSeconds;
        probes.SetDownOnPurpose(service.Resource, false);
        lock (restarts)
        {
            restarts.Add((label, exited - started, healthy - started));
        }
        Console.WriteLine(string.Create(inv, $"[{started / 60:F2} min] {label} {service.Resource} pid {pid}: exited after {exited - started:F1} s, pid {newPid} healthy {healthy - started:F1} s after the signal."));
    }
}
