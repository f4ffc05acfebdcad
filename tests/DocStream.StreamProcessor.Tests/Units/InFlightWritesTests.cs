using System.Diagnostics;
using Confluent.Kafka;
using DocStream.StreamProcessor.Consuming;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class InFlightWritesTests
{
    private static readonly TopicPartition P0 = new(Messages.Topic, 0);
    private static readonly TopicPartition P1 = new(Messages.Topic, 1);

    private static InFlightBatch Batch(Task<BatchOutcome> write, params ConsumedDocument[] messages) =>
        new(BatchContent.Of(messages, []), null, write);

    private static Task<BatchOutcome> Succeeded(int written) => Task.FromResult(new BatchOutcome(written, 0, 0, 1));

    private static Task<BatchOutcome> Failed() => Task.FromException<BatchOutcome>(new MongoException("MongoDB is down"));

    /// <summary>A write still running for a while: long enough that returning without waiting for it would be seen.</summary>
    private static Task<BatchOutcome> SlowFailing() => Task.Run<BatchOutcome>(async () =>
    {
        await Task.Delay(300);
        throw new MongoException("MongoDB is down");
    });

    [Fact]
    public void A_batch_sharing_a_document_id_with_a_write_in_flight_must_wait_for_it()
    {
        var writes = new InFlightWrites();
        writes.Add(Batch(new TaskCompletionSource<BatchOutcome>().Task, Messages.Document("a"), Messages.Document("b", offset: 1)));

        Assert.True(writes.MustFinishOldestBefore([Messages.Document("b", offset: 2)]));
        Assert.False(writes.MustFinishOldestBefore([Messages.Document("c", offset: 2)]));
    }

    [Fact]
    public void A_full_pipeline_takes_no_further_write()
    {
        var writes = new InFlightWrites();
        for (var i = 0; i < InFlightWrites.MaxWritesInFlight; i++)
        {
            writes.Add(Batch(new TaskCompletionSource<BatchOutcome>().Task, Messages.Document($"d{i}", offset: i)));
        }

        Assert.True(writes.MustFinishOldestBefore([Messages.Document("new", offset: 9)]));
        Assert.Throws<InvalidOperationException>(() => writes.Add(Batch(Succeeded(1), Messages.Document("new", offset: 9))));
    }

    [Fact]
    public void A_later_write_that_finished_first_is_not_the_next_to_commit()
    {
        var writes = new InFlightWrites();
        var first = new TaskCompletionSource<BatchOutcome>();
        writes.Add(Batch(first.Task, Messages.Document("a")));
        writes.Add(Batch(Succeeded(1), Messages.Document("b", offset: 1)));

        Assert.False(writes.OldestFinished);
        Assert.True(writes.OldestRunning);

        first.SetResult(new BatchOutcome(1, 0, 0, 1));
        Assert.True(writes.OldestFinished);
        Assert.Equal("a", writes.Oldest.Messages[0].Line!.Id);
    }

    [Fact]
    public void A_revoke_commits_every_successful_write_in_write_order()
    {
        var writes = new InFlightWrites();
        writes.Add(Batch(Succeeded(1), Messages.Document("a", partition: 0)));
        writes.Add(Batch(Succeeded(2), Messages.Document("b", partition: 1), Messages.Document("c", partition: 1, offset: 1)));
        var committed = new List<int>();

        var settled = writes.SettleForRebalance([P1], lost: false, (_, outcome) => committed.Add(outcome.Written));

        Assert.Equal([1, 2], committed);
        Assert.Empty(settled.CollectAgain);
        Assert.Empty(settled.NotCommitted);
        Assert.Equal(0, writes.Count);
    }

    [Fact]
    public void After_a_failed_write_no_later_write_is_committed_and_kept_partitions_go_out_again_in_order()
    {
        var writes = new InFlightWrites();
        writes.Add(Batch(Failed(), Messages.Document("a", partition: 0, offset: 10), Messages.Document("b", partition: 1, offset: 20)));
        writes.Add(Batch(Succeeded(2), Messages.Document("c", partition: 0, offset: 11), Messages.Document("d", partition: 1, offset: 21)));
        var committed = new List<InFlightBatch>();

        var settled = writes.SettleForRebalance([P1], lost: false, (batch, _) => committed.Add(batch));

        Assert.Empty(committed);
        Assert.Equal(2, settled.NotCommitted.Count);
        Assert.Equal([10L, 11L], settled.CollectAgain.Select(d => d.Offset));
        Assert.All(settled.CollectAgain, d => Assert.Equal(P0, d.Partition));
    }

    [Fact]
    public void Lost_partitions_commit_nothing_and_wait_for_every_write_still_running()
    {
        var writes = new InFlightWrites();
        var running = SlowFailing();
        writes.Add(Batch(Succeeded(1), Messages.Document("a", partition: 0)));
        writes.Add(Batch(running, Messages.Document("b", partition: 0, offset: 1)));
        var committed = 0;

        var settled = writes.SettleForRebalance([P0], lost: true, (_, _) => committed++);

        Assert.Equal(0, committed);
        Assert.True(running.IsCompleted, "a write of lost partitions must not land after their next owner's writes");
        Assert.Equal(2, settled.NotCommitted.Count);
        Assert.Empty(settled.CollectAgain);
    }

    [Fact]
    public void A_dropped_write_ends_its_batch_span()
    {
        using var source = new ActivitySource(nameof(A_dropped_write_ends_its_batch_span));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        var activity = source.StartActivity("process")!;
        var writes = new InFlightWrites();
        writes.Add(new InFlightBatch(BatchContent.Of([Messages.Document("a")], []), activity, Failed()));

        writes.SettleForRebalance([P0], lost: false, (_, _) => { });

        Assert.True(activity.IsStopped);
    }

    [Fact]
    public void Shutdown_abandons_every_write_only_once_none_can_still_land()
    {
        var writes = new InFlightWrites();
        var running = SlowFailing();
        writes.Add(Batch(running, Messages.Document("a")));

        writes.AbandonAll();

        Assert.True(running.IsCompleted);
        Assert.Equal(0, writes.Count);
    }

    [Fact]
    public void A_retry_replaces_the_oldest_write_and_a_settled_one_is_no_longer_the_oldest()
    {
        var writes = new InFlightWrites();
        var failed = Batch(Failed(), Messages.Document("a"));
        writes.Add(failed);
        var retry = failed with { Write = Succeeded(1) };

        writes.ReplaceOldest(retry);
        Assert.True(writes.IsOldest(retry));
        Assert.False(writes.IsOldest(failed));

        writes.SettleForRebalance([P0], lost: false, (_, _) => { });
        Assert.False(writes.IsOldest(retry));
    }
}
