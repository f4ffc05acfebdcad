using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DocStream.Contracts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using Xunit;
using Xunit.Abstractions;

namespace DocStream.Observability.Tests;

/// <summary>
/// The trace list shows the pipeline, not its plumbing: an idle stack, probed for its health as the AppHost probes
/// it, exports no trace of health checks or status polling, while a document's trace is still exported whole.
/// </summary>
[Trait("Category", "Observability")]
public sealed class IdleTraceTests(PipelineHost host, ITestOutputHelper output) : IClassFixture<PipelineHost>
{
    /// <summary>How long the stack idles; <c>DOCSTREAM_IDLE_WINDOW_SECONDS</c> changes it (a minute by default).</summary>
    private static TimeSpan IdleWindow() =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("DOCSTREAM_IDLE_WINDOW_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 60);

    [Fact]
    public async Task An_idle_stack_probed_for_health_exports_no_plumbing_trace_and_a_document_still_exports_its_trace()
    {
        // Every MongoDB command the stack starts, recorded or not: proof that the idle stack did poll and probe.
        var mongoCommands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MongoTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = _ => Interlocked.Increment(ref mongoCommands),
        };
        ActivitySource.AddActivityListener(listener);
        lock (host.Exported)
        {
            host.Exported.Clear();
        }

        using var processor = new HttpClient { BaseAddress = ProcessorAddress() };
        using var api = host.IngestApi.CreateClient();
        var probes = 0;
        var idle = Stopwatch.StartNew();
        var window = IdleWindow();
        while (idle.Elapsed < window)
        {
            foreach (var (target, path) in new[] { (processor, "/health"), (processor, "/alive"), (api, "/health"), (api, "/alive") })
            {
                using var probe = await target.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            }
            probes++;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        output.WriteLine($"Idle for {idle.Elapsed.TotalSeconds:0} s: {probes} rounds of probes, {mongoCommands} MongoDB commands started.");
        Assert.True(mongoCommands > 0, "the idle stack ran no MongoDB command at all: nothing was there to keep out");

        var idleExports = Exported();
        var plumbing = idleExports.Where(PlumbingSpans.IsPlumbing).Select(PlumbingSpans.Describe).Distinct().ToList();
        Assert.True(plumbing.Count == 0, $"Plumbing exported while idle: {string.Join("; ", plumbing.Take(10))}");

        // The exporter still gets the pipeline: one document's request, send, process and MongoDB write.
        using var client = host.CreateIngestClient();
        using var response = await client.PostAsJsonAsync("/api/v1/invoices", new
        {
            Id = "idle-" + Guid.NewGuid().ToString("N"), InvoiceNo = "536365", StockCode = "85123A", Description = "WHITE HANGING HEART T-LIGHT HOLDER",
            Quantity = 6, InvoiceDate = "12/1/2010 8:26", UnitPrice = 2.55m, CustomerID = 17850, Country = "United Kingdom",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<Activity> exported;
        while (!(exported = Exported()).Any(s => s.Source.Name == MongoTelemetry.ActivitySourceName && Equals(s.GetTagItem("db.collection.name"), PipelineNames.InvoicesCollection)))
        {
            Assert.True(DateTime.UtcNow < deadline, "The document's MongoDB write was not exported within 30 s.");
            await Task.Delay(100);
        }
        var write = exported.First(s => s.Source.Name == MongoTelemetry.ActivitySourceName && Equals(s.GetTagItem("db.collection.name"), PipelineNames.InvoicesCollection));
        var trace = exported.Where(s => s.TraceId == write.TraceId).ToList();
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), "/api/v1/invoices"));
        Assert.Contains(trace, s => s.Kind == ActivityKind.Producer);
        Assert.Contains(trace, s => s.Kind == ActivityKind.Consumer);
    }

    private List<Activity> Exported()
    {
        lock (host.Exported)
        {
            return [.. host.Exported];
        }
    }

    private Uri ProcessorAddress()
    {
        var addresses = host.Processor.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
