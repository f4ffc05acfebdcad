using System.Diagnostics;
using Confluent.Kafka;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>SIGTERM mid-stream: the batches in hand are written and committed, the process exits 0 in time.</summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SIGTERM_mid_stream_writes_and_commits_the_batches_in_hand_and_exits_0_within_the_shutdown_timeout()
    {
        var rows = RealRows.First(40_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        var positions = new List<TopicPartitionOffset>(await pipeline.ProduceLinesAsync(rows.Take(10_000)));
        var processor = await pipeline.StartProcessorAsync("graceful", pipeline.Settings with { MaxBatchSize = 2000 });

        // Traffic keeps arriving while the processor runs, so SIGTERM lands mid-stream however fast it drains (a fixed
        // preload alone was sometimes fully drained before the signal); the last 1,000 rows are held back until
        // after the exit, so some input is always left unprocessed.
        using var stopProducing = new CancellationTokenSource();
        var producing = Task.Run(async () =>
        {
            while (!stopProducing.IsCancellationRequested && positions.Count < rows.Count - 1_000)
            {
                positions.AddRange(await pipeline.ProduceLinesAsync(rows.Skip(positions.Count).Take(1_000)));
                await Task.Delay(20);
            }
        });
        await TestPipeline.WaitUntilAsync(async () => await pipeline.CountInvoicesAsync() >= 4_000, TimeSpan.FromSeconds(60), "4,000 documents");

        var clock = Stopwatch.StartNew();
        processor.Process.Terminate();
        var exited = await processor.Process.WaitForExitAsync(TimeSpan.FromSeconds(15));
        await stopProducing.CancelAsync();
        await producing;
        Assert.True(exited, "The processor did not exit within the 15 s shutdown timeout.");
        output.WriteLine($"Exited with {processor.Process.ExitCode} after {clock.ElapsedMilliseconds} ms.");
        Assert.Equal(0, processor.Process.ExitCode);
        // Whatever was not produced yet arrives after the exit: certainly unprocessed at shutdown.
        positions.AddRange(await pipeline.ProduceLinesAsync(rows.Skip(positions.Count)));
        Assert.Equal(rows.Count, positions.Count);
        Assert.Contains(processor.Process.Lines, l => l.Contains("in-flight batches written and committed", StringComparison.Ordinal));

        // Committed means stored (no loss), and what was stored was committed (the batch in flight was finished, not left half-done).
        var committed = pipeline.Committed();
        var stored = (await pipeline.Invoices.Find(FilterDefinition<BsonDocument>.Empty).Project("{_id: 1}").ToListAsync())
            .Select(d => d["_id"].AsString).ToHashSet();
        output.WriteLine($"{stored.Count} stored, {committed.Values.Where(o => o > 0).Sum()} committed at exit.");
        Assert.InRange(stored.Count, 4_000, rows.Count - 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var isCommitted = positions[i].Offset.Value < committed[positions[i].Partition.Value];
            Assert.True(isCommitted == stored.Contains(rows[i].Id),
                $"{rows[i].Id} at {positions[i]}: committed={isCommitted}, stored={!isCommitted}.");
        }

        await pipeline.StartProcessorAsync("graceful-again");
        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(60));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(30));
        await pipeline.AssertStoreEqualsAsync(rows);
    }
}
