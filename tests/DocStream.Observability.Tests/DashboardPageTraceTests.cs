extern alias dashboard;

using System.Diagnostics;
using dashboard::DocStream.Dashboard.Components.Pages;
using dashboard::DocStream.Dashboard.Telemetry;
using DocStream.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Driver;
using Xunit;
using Xunit.Abstractions;

namespace DocStream.Observability.Tests;

/// <summary>
/// The dashboard's own page loads show up in the trace list: each is one span named after its page, with its MongoDB
/// queries under it, while the dashboard's health checks and its status polling stay out of the export.
/// </summary>
[Trait("Category", "Observability")]
public sealed class DashboardPageTraceTests(DashboardPageHost host, ITestOutputHelper output) : IClassFixture<DashboardPageHost>
{
    [Fact]
    public async Task A_page_load_exports_one_page_span_over_its_queries_and_health_checks_and_status_polls_export_nothing()
    {
        // Every MongoDB command started, recorded or not: proof that the health check and the status poll did run.
        var polls = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MongoTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = span =>
            {
                if (Equals(span.GetTagItem("db.collection.name"), PipelineNames.ProcessorStatusCollection))
                {
                    Interlocked.Increment(ref polls);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var health = await host.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);
        var invoiceHtml = await host.RenderAsync<Invoices>(new Dictionary<string, object?> { ["No"] = "536365" });
        // The header's total: 6 x £2.55 + 6 x £3.39, read from the store.
        Assert.Contains("35.64", invoiceHtml, StringComparison.Ordinal);
        var customerHtml = await host.RenderAsync<Customers>(new Dictionary<string, object?> { ["Id"] = 17850 });
        Assert.Contains("536366", customerHtml, StringComparison.Ordinal);
        // The lag history polls the processors' status every second here: wait for a few polls.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref polls) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the status was polled {polls} times in 30 s");
            await Task.Delay(200);
        }
        await Task.Delay(500);

        var exported = host.ExportedSpans();
        foreach (var (route, collection) in new[] { ("/invoices/{No}", PipelineNames.InvoicesCollection), ("/customers/{Id}", PipelineNames.InvoicesCollection) })
        {
            var page = Assert.Single(exported, s => s.DisplayName == PageSpans.Prefix + route);
            Assert.Equal(default, page.ParentSpanId);
            Assert.Equal(route, page.GetTagItem(PageSpans.RouteTag));
            var queries = exported.Where(s => s.TraceId == page.TraceId && s.Source.Name == MongoTelemetry.ActivitySourceName).ToList();
            Assert.True(queries.Count > 0, $"no MongoDB query exported under '{page.DisplayName}'");
            Assert.All(queries, q => Assert.Equal(collection, q.GetTagItem("db.collection.name")));
            output.WriteLine($"'{page.DisplayName}': {string.Join(", ", queries.Select(q => q.DisplayName))}");
        }
        var plumbing = exported.Where(PlumbingSpans.IsPlumbing).Select(PlumbingSpans.Describe).Distinct().ToList();
        Assert.True(plumbing.Count == 0, $"Plumbing exported: {string.Join("; ", plumbing.Take(10))}");
        Assert.DoesNotContain(exported, s => Equals(s.GetTagItem("db.collection.name"), PipelineNames.ProcessorStatusCollection));
        output.WriteLine($"{exported.Count} spans exported, {polls} status polls kept out");
    }
}
