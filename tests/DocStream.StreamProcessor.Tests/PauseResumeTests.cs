using DocStream.Contracts;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>
/// An operator pauses processing (the switch the dashboard writes) in the middle of a stream of real rows: fetching
/// stops, health says paused, lag grows, nothing is written; resuming continues exactly where it stopped.
/// </summary>
public sealed class PauseResumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Pausing_mid_stream_stops_writing_while_lag_grows_and_resuming_ends_with_the_exact_store()
    {
        var rows = RealRows.First(12_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        var processor = await pipeline.StartProcessorAsync("pause", pipeline.Settings with { MaxBatchSize = 500 });
        await pipeline.ProduceLinesAsync(rows.Take(4_000));
        await TestPipeline.WaitUntilAsync(async () => await pipeline.CountInvoicesAsync() >= 1_000, TimeSpan.FromSeconds(60), "1,000 documents before the pause");

        await SetPausedAsync(pipeline, true);
        await WaitForStatusAsync(pipeline, processor.InstanceId, paused: true);
        var healthWhilePaused = await processor.HealthAsync();
        Assert.Contains("\"Degraded\"", healthWhilePaused.Body, StringComparison.Ordinal);

        // What was fetched before the pause is written and committed; after that, nothing moves.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var storedAtPause = await pipeline.CountInvoicesAsync();
        await pipeline.ProduceLinesAsync(rows.Skip(4_000));
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(storedAtPause, await pipeline.CountInvoicesAsync());
        Assert.True(storedAtPause < rows.Count, "Everything was written before the pause took effect: the test proves nothing.");
        var lag = await StatusAsync(pipeline, processor.InstanceId);
        Assert.Equal(rows.Count - storedAtPause, lag["totalLag"].ToInt64());
        // Behind in time too: the last written message is at least the 6 s of the pause old.
        Assert.True(lag["lagAgeSeconds"].ToDouble() >= 5, $"lagAgeSeconds {lag["lagAgeSeconds"]}");
        Assert.False(processor.Process.HasExited, processor.Process.Output);
        output.WriteLine($"Paused with {storedAtPause} stored and a lag of {lag["totalLag"]}.");

        await SetPausedAsync(pipeline, false);
        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(60));
        await WaitForStatusAsync(pipeline, processor.InstanceId, paused: false);
        await pipeline.AssertStoreEqualsAsync(rows);
        await TestPipeline.WaitUntilAsync(async () => (await StatusAsync(pipeline, processor.InstanceId))["lagAgeSeconds"].ToDouble() == 0,
            TimeSpan.FromSeconds(10), "the lag's age to be back to 0 once caught up");
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
    }

    private static Task SetPausedAsync(TestPipeline pipeline, bool paused) =>
        pipeline.Database.GetCollection<ProcessingControl>(PipelineNames.ControlCollection).ReplaceOneAsync(
            c => c.Id == ProcessingControl.DocumentId,
            new ProcessingControl { Paused = paused, ChangedAt = DateTime.UtcNow, ChangedBy = "test" },
            new ReplaceOptions { IsUpsert = true });

    private static async Task<BsonDocument> StatusAsync(TestPipeline pipeline, string instance) =>
        await pipeline.Database.GetCollection<BsonDocument>(PipelineNames.ProcessorStatusCollection)
            .Find(Builders<BsonDocument>.Filter.Eq("_id", instance)).FirstOrDefaultAsync() ?? [];

    private static Task WaitForStatusAsync(TestPipeline pipeline, string instance, bool paused) =>
        TestPipeline.WaitUntilAsync(async () => (await StatusAsync(pipeline, instance)).GetValue("paused", false).ToBoolean() == paused,
            TimeSpan.FromSeconds(20), $"the processor to report paused={paused}");
}
