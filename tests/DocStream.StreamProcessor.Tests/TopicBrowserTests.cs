using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.Dashboard.Kafka;
using DocStream.StreamProcessor.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>The dashboard's topic browser against the Kafka emulator with real rows and a real processor.</summary>
public sealed class TopicBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task It_shows_offsets_and_lag_reads_the_latest_messages_decoded_and_finds_by_document_id_and_invoice()
    {
        var rows = RealRows.First(1_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        await pipeline.ProduceLinesAsync(rows);
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = pipeline.BootstrapServers, GroupId = "browser-test", EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        using var browser = new KafkaTopicBrowser(consumer, pipeline.GroupId);

        // No processor yet: everything is lag.
        var offsets = await browser.GetOffsetsAsync();
        Assert.Equal(pipeline.Partitions, offsets.Count);
        Assert.Equal(rows.Count, offsets.Sum(p => p.Latest - p.Earliest));
        Assert.Equal(rows.Count, offsets.Sum(p => p.Lag));

        var busiest = offsets.MaxBy(p => p.Latest)!;
        var latest = await browser.ReadAsync(busiest.Partition, null, 5);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => busiest.Latest - 5 + i), latest.Select(m => m.Offset));
        Assert.All(latest, m => Assert.StartsWith("{", m.Value, StringComparison.Ordinal));
        var atOffset = await browser.ReadAsync(busiest.Partition, busiest.Earliest, 1);
        Assert.Equal(busiest.Earliest, Assert.Single(atOffset).Offset);

        var first = rows[0];
        var byId = Assert.Single(await browser.FindAsync(first.Id));
        Assert.Equal((first.Id, first.InvoiceNo), (byId.DocumentId, byId.Key));
        var byInvoice = await browser.FindAsync(first.InvoiceNo);
        Assert.Equal(rows.Count(r => r.InvoiceNo == first.InvoiceNo), byInvoice.Count);

        await using var processor = await pipeline.StartProcessorAsync("browser", pipeline.Settings);
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, (await browser.GetOffsetsAsync()).Sum(p => p.Lag));
    }
}
