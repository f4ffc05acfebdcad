using System.Diagnostics;
using System.Text.Json;
using DocStream.StreamProcessor.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>MongoDB goes away mid-stream: the processor pauses, reports it, keeps its memory, and resumes exactly.</summary>
public sealed class MongoOutageTests(ITestOutputHelper output)
{
    private const long MemoryCapBytes = 600L * 1024 * 1024;

    [Fact]
    public async Task A_ten_second_MongoDB_outage_mid_stream_pauses_the_processor_reports_it_unhealthy_and_ends_with_the_exact_store()
    {
        var rows = RealRows.First(20_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        await pipeline.ProduceLinesAsync(rows.Take(8_000));
        var processor = await pipeline.StartProcessorAsync("outage", pipeline.Settings with { MaxBatchSize = 1000 });
        await TestPipeline.WaitUntilAsync(async () => await pipeline.CountInvoicesAsync() >= 3_000, TimeSpan.FromSeconds(60), "3,000 documents before the outage");

        // Sample the processor's resident memory for the whole outage and recovery.
        using var stopSampling = new CancellationTokenSource();
        long peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested && !processor.Process.HasExited)
            {
                peak = Math.Max(peak, processor.Process.WorkingSet);
                await Task.Delay(100);
            }
        });

        var storedBefore = await pipeline.CountInvoicesAsync();
        pipeline.Mongo.Kill();
        var outage = Stopwatch.StartNew();
        output.WriteLine($"MongoDB killed with {storedBefore} documents stored or more.");
        // The rest of the stream arrives while MongoDB is down.
        await pipeline.ProduceLinesAsync(rows.Skip(8_000));
        var statusesDuringOutage = new List<string>();
        while (outage.Elapsed < TimeSpan.FromSeconds(10))
        {
            statusesDuringOutage.Add(HealthStatus(await processor.HealthAsync()));
            Assert.False(processor.Process.HasExited, $"The processor died during the outage:\n{processor.Process.Output}");
            await Task.Delay(500);
        }
        output.WriteLine($"Health during the outage: {string.Join(", ", statusesDuringOutage)}");

        await pipeline.Mongo.StartAgainAsync();
        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(90));
        var healthyAgain = "";
        await TestPipeline.WaitUntilAsync(async () => (healthyAgain = HealthStatus(await processor.HealthAsync())) == "Healthy",
            TimeSpan.FromSeconds(30), "/health to be Healthy again");
        await stopSampling.CancelAsync();
        await sampler;

        await pipeline.AssertStoreEqualsAsync(rows);
        Assert.False(processor.Process.HasExited, "The processor exited.");
        Assert.Contains(statusesDuringOutage, s => s is "Degraded" or "Unhealthy");
        Assert.Equal("Healthy", healthyAgain);
        var log = processor.Process.Output;
        Assert.Contains("Paused fetching; retrying with backoff.", log, StringComparison.Ordinal);
        Assert.Contains("resumed fetching", log, StringComparison.Ordinal);
        output.WriteLine($"Peak working set: {peak / (1024 * 1024)} MiB.");
        Assert.InRange(peak, 1, MemoryCapBytes);
    }

    private static string HealthStatus((System.Net.HttpStatusCode Status, string Body) health)
    {
        if (health.Status == 0)
        {
            return "NoAnswer";
        }
        try
        {
            using var json = JsonDocument.Parse(health.Body);
            return json.RootElement.GetProperty("status").GetString() ?? "?";
        }
        catch (JsonException)
        {
            return $"HTTP {(int)health.Status}";
        }
    }
}
