using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace DocStream.Observability.Tests;

[Trait("Category", "Observability")]
public sealed class MetricsTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    [Fact]
    public async Task The_pipeline_emits_its_ingest_processor_and_kafka_metrics_with_sensible_values()
    {
        using var client = host.CreateIngestClient();
        var batch = Enumerable.Range(0, 20).Select(i => new
        {
            Id = $"metrics-{i}-" + Guid.NewGuid().ToString("N"),
            InvoiceNo = "536365",
            StockCode = "71053",
            Description = "WHITE METAL LANTERN",
            Quantity = 6,
            InvoiceDate = "12/1/2010 8:26",
            UnitPrice = 3.39m,
            CustomerID = 17850,
            Country = "United Kingdom",
        }).ToList<object>();
        batch.Add(new { InvoiceNo = "bad" }); // one rejected
        using var response = await client.PostAsJsonAsync("/api/v1/invoices/batch", batch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var provider = host.Processor.Services.GetRequiredService<MeterProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Dictionary<string, Metric> byName;
        do
        {
            await Task.Delay(1500); // librdkafka statistics arrive every second
            lock (host.Metrics)
            {
                host.Metrics.Clear();
            }
            provider.ForceFlush();
            lock (host.Metrics)
            {
                byName = host.Metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
            }
        }
        while (DateTime.UtcNow < deadline
            && !(byName.TryGetValue("docstream.processor.documents.written", out var w) && Sum(w) >= 20
                 && byName.TryGetValue("messaging.kafka.consumer.lag", out var lagMetric)
                 // Wait for the pipeline's own consumers: another test's client in this process may report lag points first.
                 && ConsumerLag(lagMetric).Any() && ConsumerLag(lagMetric).All(p => p.GetGaugeLastValueLong() == 0)));

        Assert.True(Sum(byName["docstream.ingest.documents.accepted"]) >= 20);
        Assert.True(Sum(byName["docstream.ingest.documents.rejected"]) >= 1);
        Assert.Contains(Points(byName["docstream.ingest.documents.rejected"]), p => Tag(p, "reason") == "validation");
        Assert.True(HistogramCount(byName["docstream.ingest.produce.duration"]) >= 1);
        Assert.Equal("ms", byName["docstream.ingest.produce.duration"].Unit);
        Assert.True(Sum(byName["docstream.processor.documents.written"]) >= 20);
        Assert.True(HistogramCount(byName["docstream.processor.batch.size"]) >= 1);
        Assert.True(HistogramCount(byName["docstream.processor.batch.write.duration"]) >= 1);
        // librdkafka statistics as gauges: consumer lag per partition, producer queue.
        // Everything sent was written and committed: each of the topic's two partitions reports a lag of exactly 0.
        // (One point per consumer client and partition; KafkaStatisticsMetricsTests checks a non-zero lag is reported as counted.)
        var lag = Points(byName["messaging.kafka.consumer.lag"])
            .Where(p => Tag(p, "messaging.client.id")?.StartsWith("rdkafka#consumer", StringComparison.Ordinal) == true) // librdkafka's own clients, not a unit test's
            .Select(p => (Partition: Tag(p, "messaging.destination.partition.id"), Lag: p.GetGaugeLastValueLong())).ToList();
        // The 20 documents share one InvoiceNo, so one partition; a partition nothing was committed on reports no lag (-1 in librdkafka).
        Assert.NotEmpty(lag);
        Assert.All(lag, l => Assert.Contains(l.Partition, new[] { "0", "1" }));
        Assert.All(lag, l => Assert.Equal(0, l.Lag));
        Assert.Contains("messaging.kafka.producer.queue.message_count", byName.Keys);
    }

    private static IEnumerable<MetricPoint> ConsumerLag(Metric metric) =>
        Points(metric).Where(p => Tag(p, "messaging.client.id")?.StartsWith("rdkafka#consumer", StringComparison.Ordinal) == true);

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            yield return point;
        }
    }

    private static long Sum(Metric metric) => Points(metric).Sum(p => p.GetSumLong());

    private static long HistogramCount(Metric metric) => Points(metric).Sum(p => p.GetHistogramCount());

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }
        return null;
    }
}
