using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>Messages that leave the log before they are consumed are reported, never silently skipped.</summary>
public sealed class OffsetGapTests(ITestOutputHelper output)
{
    [Fact]
    public async Task When_the_committed_offset_falls_out_of_the_log_the_lost_range_is_dead_lettered_and_logged_as_an_error()
    {
        const int before = 100;
        const int flood = 40_000;
        var rows = RealRows.First(before + flood);
        await using var pipeline = await TestPipeline.StartAsync(output, partitions: 1);
        await pipeline.ProduceLinesAsync(rows.Take(before));
        var first = await pipeline.StartProcessorAsync("gap-first");
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        first.Process.Kill();
        Assert.Equal(before, pipeline.Committed()[0]);

        // With the processor stopped, ~11 MB of uncompressed messages push the oldest out of the emulator's ~5 MiB log.
        using (var producer = pipeline.UncompressedProducer())
        {
            await pipeline.ProduceAsync(rows.Skip(before).Select(TestPipeline.MessageFor), producer: producer);
        }
        var low = pipeline.Watermarks(0).Low.Value;
        output.WriteLine($"The log now starts at offset {low}.");
        Assert.InRange(low, before + 1, before + flood - 1);

        var second = await pipeline.StartProcessorAsync("gap-second");
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        var gaps = await pipeline.DeadLettersOfKindAsync("gap");
        var gap = Assert.Single(gaps);
        Assert.Equal(before, gap["offset"].ToInt64());
        Assert.Equal(low - 1, gap["lastOffset"].ToInt64());
        Assert.Equal(0, gap["partition"].AsInt32);
        Assert.Contains("lost", gap["reason"].AsString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(second.Process.Lines, l => l.StartsWith("fail:", StringComparison.Ordinal) && l.Contains("OFFSET GAP", StringComparison.Ordinal));

        // Exactly the surviving messages are stored; the lost ones are not invented.
        var survivors = rows.Take(before).Concat(rows.Skip((int)low)).ToList();
        await pipeline.AssertStoreEqualsAsync(survivors);
        var status = pipeline.Database.GetCollection<BsonDocument>(DocStream.Contracts.PipelineNames.ProcessorStatusCollection);
        await TestPipeline.WaitUntilAsync(async () => (await status.Find(Builders<BsonDocument>.Filter.Eq("_id", "gap-second")).FirstOrDefaultAsync())
            ?["gaps"].ToInt64() == low - before, TimeSpan.FromSeconds(10), "the status to count the lost messages");
    }
}
