using DocStream.Contracts;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>
/// An operator rewinds the processor group to the earliest offset (or a point in time) while it runs and documents
/// keep arriving: everything from there is read and written again, and the store stays exact.
/// </summary>
public sealed class RewindTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Rewinding_to_the_earliest_offset_mid_stream_reads_everything_again_and_the_store_stays_exact()
    {
        var rows = RealRows.First(6_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        var processor = await pipeline.StartProcessorAsync("rewind", pipeline.Settings with { MaxBatchSize = 500 });
        await pipeline.ProduceLinesAsync(rows.Take(3_000));
        await pipeline.WaitForInvoicesAsync(3_000, TimeSpan.FromSeconds(60));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        var writtenBefore = (await StatusAsync(pipeline, processor.InstanceId))["documentsWritten"].ToInt64();

        var id = Guid.NewGuid().ToString("N");
        await RequestRewindAsync(pipeline, id, toTime: null);
        var applied = await WaitForRewindAsync(pipeline, processor.InstanceId, id);
        Assert.Equal(3_000, applied["messages"].ToInt64());

        // More arrive while the old ones are read again.
        await pipeline.ProduceLinesAsync(rows.Skip(3_000));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        var caughtUpAt = DateTime.UtcNow;
        await pipeline.AssertStoreEqualsAsync(rows);
        var written = (await StatusPublishedAfterAsync(pipeline, processor.InstanceId, caughtUpAt))["documentsWritten"].ToInt64();
        Assert.True(written - writtenBefore >= 6_000, $"{written - writtenBefore} written after the rewind; the 3,000 old and 3,000 new make 6,000.");
        Assert.Empty(await pipeline.DeadLettersOfKindAsync("gap"));
        Assert.False(processor.Process.HasExited, processor.Process.Output);
    }

    [Fact]
    public async Task Rewinding_to_a_time_after_every_message_moves_nothing_and_never_skips_forward()
    {
        var rows = RealRows.First(2_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        var processor = await pipeline.StartProcessorAsync("rewind-late", pipeline.Settings with { MaxBatchSize = 500 });
        await pipeline.ProduceLinesAsync(rows);
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        var committedBefore = pipeline.Committed();

        var id = Guid.NewGuid().ToString("N");
        await RequestRewindAsync(pipeline, id, toTime: DateTime.UtcNow.AddHours(1));
        var applied = await WaitForRewindAsync(pipeline, processor.InstanceId, id);

        Assert.Equal(0, applied["messages"].ToInt64());
        Assert.Equal(committedBefore, pipeline.Committed());
        await pipeline.AssertStoreEqualsAsync(rows);
    }

    [Fact]
    public async Task Rewinding_to_a_point_in_time_reads_again_exactly_what_came_after_it_as_the_dashboards_dry_run_said()
    {
        var rows = RealRows.First(3_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        using var console = new RedriveConsole(pipeline);
        var processor = await pipeline.StartProcessorAsync("rewind-time", pipeline.Settings with { MaxBatchSize = 500 });
        await pipeline.ProduceLinesAsync(rows.Take(2_000));
        // Kafka's timestamps have millisecond resolution: keep the chosen instant clear of both sides' messages.
        await Task.Delay(50);
        var at = DateTime.UtcNow;
        await Task.Delay(50);
        await pipeline.ProduceLinesAsync(rows.Skip(2_000));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));

        var plan = await console.Rewind.DryRunAsync(RedriveConsole.Operator, at);
        Assert.Equal(1_000, plan.Total);
        Assert.All(plan.Partitions.Where(p => p.Messages > 0), p => Assert.NotNull(p.From));
        var id = await console.Rewind.RequestAsync(RedriveConsole.Operator, plan);
        var applied = await WaitForRewindAsync(pipeline, processor.InstanceId, id);

        Assert.Equal(1_000, applied["messages"].ToInt64());
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        await pipeline.AssertStoreEqualsAsync(rows);
        Assert.Empty(await pipeline.DeadLettersOfKindAsync("gap"));
        var audit = await console.AuditEntriesAsync();
        Assert.Equal([("ops-alice", $"rewind to {at:yyyy-MM-dd HH:mm:ss} UTC", id, "requested")],
            audit.Select(e => (e.By, e.Action, e.Detail, e.Result)).ToList());
    }

    private static Task RequestRewindAsync(TestPipeline pipeline, string id, DateTime? toTime) =>
        pipeline.Database.GetCollection<ProcessingControl>(PipelineNames.ControlCollection).ReplaceOneAsync(
            c => c.Id == ProcessingControl.DocumentId,
            new ProcessingControl
            {
                ChangedAt = DateTime.UtcNow, ChangedBy = "test",
                Rewind = new RewindRequest { Id = id, ToTime = toTime, RequestedAt = DateTime.UtcNow, By = "test" },
            },
            new ReplaceOptions { IsUpsert = true });

    private static async Task<BsonDocument> StatusAsync(TestPipeline pipeline, string instance) =>
        await pipeline.Database.GetCollection<BsonDocument>(PipelineNames.ProcessorStatusCollection)
            .Find(Builders<BsonDocument>.Filter.Eq("_id", instance)).FirstOrDefaultAsync() ?? [];

    /// <summary>
    /// The status is published once a second: the one read right after the group caught up can predate the last
    /// batches (the count read then fell short by exactly the documents written in that second).
    /// </summary>
    private static async Task<BsonDocument> StatusPublishedAfterAsync(TestPipeline pipeline, string instance, DateTime after)
    {
        BsonDocument status = [];
        await TestPipeline.WaitUntilAsync(async () =>
        {
            status = await StatusAsync(pipeline, instance);
            return status.GetValue("updatedAt", BsonNull.Value) is BsonDateTime at && at.ToUniversalTime() > after;
        }, TimeSpan.FromSeconds(10), "a status published after the group caught up");
        return status;
    }

    private static async Task<BsonDocument> WaitForRewindAsync(TestPipeline pipeline, string instance, string id)
    {
        BsonDocument? applied = null;
        await TestPipeline.WaitUntilAsync(async () =>
        {
            applied = (await StatusAsync(pipeline, instance)).GetValue("rewind", BsonNull.Value) as BsonDocument;
            return applied?["id"].AsString == id;
        }, TimeSpan.FromSeconds(20), $"the processor to report rewind {id}");
        return applied!;
    }
}
