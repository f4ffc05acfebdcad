using System.Text.RegularExpressions;
using DocStream.Contracts;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>Redelivery and scale-out: the same message twice, or two instances sharing a topic, store each document once.</summary>
public sealed partial class DuplicateDeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Messages_delivered_twice_and_a_full_replay_by_a_new_group_store_each_document_once()
    {
        var rows = RealRows.First(6_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        // Every message twice (a client retry after a lost answer), the first 500 a third time, some in the same batch.
        await pipeline.ProduceLinesAsync(rows);
        await pipeline.ProduceLinesAsync(rows);
        await pipeline.ProduceLinesAsync(rows.Take(500));

        var first = await pipeline.StartProcessorAsync("twice");
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        await pipeline.AssertStoreEqualsAsync(rows);
        first.Process.Kill();

        // A new consumer group reads the whole topic again (12,500 messages) into the same store.
        var replayGroup = pipeline.GroupId + "-replay";
        await pipeline.StartProcessorAsync("replay", pipeline.Settings with { GroupId = replayGroup });
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60), replayGroup);
        await pipeline.AssertStoreEqualsAsync(rows);
    }

    [Fact]
    public async Task A_corrected_resend_in_a_later_batch_is_never_overtaken_by_the_older_version()
    {
        // Batches of 1,000 are written two at a time when they share no document. Here every document of the second
        // round is a newer version (another Quantity) of one in the first, one or two batches later: writing those
        // two batches concurrently could let the older version land last. The store must hold the newer one.
        var rows = RealRows.First(6_000);
        var corrected = rows.Select(r => r with { Quantity = r.Quantity + 1000 }).ToList();
        await using var pipeline = await TestPipeline.StartAsync(output);
        foreach (var (older, newer) in rows.Chunk(1_500).Zip(corrected.Chunk(1_500)))
        {
            await pipeline.ProduceLinesAsync(older);
            await pipeline.ProduceLinesAsync(newer);
        }

        await pipeline.StartProcessorAsync("corrections");
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        await pipeline.AssertStoreEqualsAsync(corrected);
    }

    [Fact]
    public async Task Two_processor_instances_in_one_group_share_the_partitions_and_store_the_exact_input_even_when_one_leaves()
    {
        var rows = RealRows.First(20_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        var a = await pipeline.StartProcessorAsync("instance-a");
        var b = await pipeline.StartProcessorAsync("instance-b");
        // Both in the group: each owns part of the 12 partitions.
        var bShare = await b.Process.WaitForLineAsync(AssignedLine(), TimeSpan.FromSeconds(30));
        await TestPipeline.WaitUntilAsync(() => Task.FromResult(a.Process.Lines.Any(l => AssignedLine().Match(l) is { Success: true } m
            && m.Groups[1].Value.Split(", ").Length < PipelineNames.IngestTopicPartitions)), TimeSpan.FromSeconds(30), "instance A to give up partitions to B");
        output.WriteLine($"B owns {bShare.Groups[1].Value}.");
        Assert.InRange(bShare.Groups[1].Value.Split(", ").Length, 1, PipelineNames.IngestTopicPartitions - 1);

        var status = pipeline.Database.GetCollection<BsonDocument>(PipelineNames.ProcessorStatusCollection);
        async Task<long> WrittenBy(string instance) =>
            (await status.Find(Builders<BsonDocument>.Filter.Eq("_id", instance)).FirstOrDefaultAsync())?["documentsWritten"].ToInt64() ?? 0;
        var produce = pipeline.ProduceLinesAsync(rows);
        // Both write their share (each publishes its figures every second) before B leaves.
        await TestPipeline.WaitUntilAsync(async () => await WrittenBy("instance-a") > 0 && await WrittenBy("instance-b") > 0,
            TimeSpan.FromSeconds(60), "both instances to report documents written");
        await produce;
        // B leaves mid-stream (graceful stop): A takes its partitions over from B's last commit.
        b.Process.Terminate();
        Assert.True(await b.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)), "Instance B did not stop.");
        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(90));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        await pipeline.AssertStoreEqualsAsync(rows);

        Assert.True(await WrittenBy("instance-a") > 0 && await WrittenBy("instance-b") > 0, "The partitions were not shared.");
        Assert.False(a.Process.HasExited, "Instance A exited.");
    }

    [GeneratedRegex(@"Assigned (\d+(?:, \d+)*)\.")]
    private static partial Regex AssignedLine();
}
