using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DocStream.Contracts;
using Xunit;

namespace DocStream.Observability.Tests;

/// <summary>
/// No span the pipeline records (HTTP request, Kafka send and process, MongoDB commands, health probes) carries the
/// API key or the MongoDB password in its name, tags, events or links.
/// </summary>
[Trait("Category", "Observability")]
public sealed class SecretsInTracesTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    [Fact]
    public async Task No_span_of_a_document_or_a_health_probe_holds_the_API_key_or_the_MongoDB_password()
    {
        using var client = host.CreateIngestClient();
        var id = "secret-scan-" + Guid.NewGuid().ToString("N");
        using var wrongKey = host.IngestApi.CreateClient();
        wrongKey.DefaultRequestHeaders.Add(PipelineNames.ApiKeyHeader, host.ApiKey + "-wrong");
        using var refused = await wrongKey.PostAsJsonAsync("/api/v1/invoices", new { Id = id });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var response = await client.PostAsJsonAsync("/api/v1/invoices", new
        {
            Id = id, InvoiceNo = "536365", StockCode = "85123A", Description = "WHITE HANGING HEART T-LIGHT HOLDER", Quantity = 6,
            InvoiceDate = "12/1/2010 8:26", UnitPrice = 2.55m, CustomerID = 17850, Country = "United Kingdom",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The scan means something once the document's trace reached its MongoDB write.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Snapshot().Any(s => s.Source.Name == "MongoDB.Driver" && Equals(s.GetTagItem("db.collection.name"), PipelineNames.InvoicesCollection)))
        {
            Assert.True(DateTime.UtcNow < deadline, "No MongoDB write span within 30 s.");
            await Task.Delay(100);
        }

        var spans = Snapshot();
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server);
        foreach (var secret in new[] { host.ApiKey, host.MongoPassword })
        {
            var leaks = spans.Where(s => Texts(s).Any(t => t.Contains(secret, StringComparison.Ordinal))).Select(s => $"{s.Source.Name} {s.DisplayName}").ToList();
            Assert.True(leaks.Count == 0, $"A secret is in {leaks.Count} span(s): {string.Join(", ", leaks.Take(5))}");
        }
    }

    private List<Activity> Snapshot()
    {
        lock (host.Spans)
        {
            return [.. host.Spans];
        }
    }

    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));
}
