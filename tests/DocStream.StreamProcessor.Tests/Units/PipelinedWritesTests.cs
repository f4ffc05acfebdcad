using System.Diagnostics;
using Confluent.Kafka;
using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using NSubstitute;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class PipelinedWritesTests : IDisposable
{
    private static readonly TopicPartition P0 = new(Messages.Topic, 0);
    private static readonly TopicPartition P1 = new(Messages.Topic, 1);

    private readonly LoopParts _parts = new();
    private readonly IConsumer<string?, byte[]> _consumer = Substitute.For<IConsumer<string?, byte[]>>();
    private readonly HashSet<TopicPartition> _owned = [P0, P1];
    private readonly List<BatchContent> _attempts = [];

    public void Dispose() => _parts.Dispose();

    private PipelinedWrites Writes(Func<int, BatchContent, CancellationToken, Task<BatchOutcome>> attempt) =>
        new(_consumer,
            (content, token) =>
            {
                int n;
                lock (_attempts)
                {
                    _attempts.Add(content);
                    n = _attempts.Count;
                }
                return attempt(n, content, token);
            },
            new BatchCommitter(_consumer, new LagSampler(), _parts.Metrics, _parts.State, NullLogger.Instance),
            _owned, _parts.Metrics, _parts.State, _parts.Options, NullLogger.Instance);

    private static Task<BatchOutcome> Stored(BatchContent content) => Task.FromResult(new BatchOutcome(content.Messages.Count, 0, 0, 1));

    [Fact]
    public void A_failed_write_pauses_fetching_is_retried_until_stored_then_commits_and_resumes()
    {
        string? failureShownWhileRetrying = null;
        using var writes = Writes((n, content, _) =>
        {
            failureShownWhileRetrying = _parts.State.Failure?.Error;
            return n < 3 ? throw new MongoException("MongoDB is down") : Stored(content);
        });
        writes.Start(BatchContent.Of([Messages.Document("a", offset: 0)], []));

        writes.FinishOldest(CancellationToken.None);

        Assert.Equal(3, _attempts.Count);
        Received.InOrder(() =>
        {
            _consumer.Pause(Arg.Any<IEnumerable<TopicPartition>>());
            _consumer.Commit(Arg.Is<IEnumerable<TopicPartitionOffset>>(o => o.Single().Offset.Value == 1));
            _consumer.Resume(Arg.Any<IEnumerable<TopicPartition>>());
        });
        Assert.Equal(0, writes.InFlight.Count);
        Assert.Equal("MongoDB is down", failureShownWhileRetrying);
        Assert.Null(_parts.State.Failure); // cleared by the stored batch
        Assert.Equal(1, _parts.State.DocumentsWritten);
    }

    [Fact]
    public void A_retry_after_a_rebalance_writes_only_the_partitions_still_owned()
    {
        using var writes = Writes((n, content, _) =>
        {
            if (n == 1)
            {
                _owned.Remove(P1); // taken away while MongoDB was failing
                throw new MongoException("MongoDB is down");
            }
            return Stored(content);
        });
        writes.Start(BatchContent.Of([Messages.Document("a", partition: 0), Messages.Document("b", partition: 1)], []));

        writes.FinishOldest(CancellationToken.None);

        Assert.Equal(["a"], _attempts[1].Messages.Select(d => d.Line!.Id));
        _consumer.Received(1).Commit(Arg.Is<IEnumerable<TopicPartitionOffset>>(o => o.Single().Partition.Value == 0));
    }

    [Fact]
    public void Shutdown_while_MongoDB_fails_abandons_the_writes_uncommitted()
    {
        using var stopping = new CancellationTokenSource();
        using var writes = Writes((_, _, _) =>
        {
            stopping.Cancel();
            throw new MongoException("MongoDB is down");
        });
        writes.Start(BatchContent.Of([Messages.Document("a")], []));

        Assert.Throws<OperationCanceledException>(() => writes.FinishOldest(stopping.Token));

        Assert.Equal(0, writes.InFlight.Count);
        _consumer.DidNotReceive().Commit(Arg.Any<IEnumerable<TopicPartitionOffset>>());
    }

    [Fact]
    public async Task Abandoning_cancels_the_running_writes_and_waits_until_none_can_land()
    {
        var landed = false;
        using var writes = Writes(async (_, content, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            landed = true;
            return new BatchOutcome(content.Messages.Count, 0, 0, 1);
        });
        writes.Start(BatchContent.Of([Messages.Document("a")], []));
        var write = writes.InFlight.Oldest.Write;

        writes.AbandonAll();

        Assert.True(write.IsCanceled);
        Assert.False(landed);
        Assert.Equal(0, writes.InFlight.Count);
        await Task.CompletedTask;
    }

    [Fact]
    public void A_draining_shutdown_lets_a_running_write_finish_and_commit()
    {
        var release = new TaskCompletionSource();
        using var writes = Writes(async (_, content, token) =>
        {
            await release.Task.WaitAsync(token);
            return new BatchOutcome(content.Messages.Count, 0, 0, 1);
        });
        writes.Start(BatchContent.Of([Messages.Document("a")], []));

        writes.DrainWithin(TimeSpan.FromSeconds(30));
        release.SetResult();
        writes.FinishAll(new CancellationToken(canceled: true));

        _consumer.Received(1).Commit(Arg.Any<IEnumerable<TopicPartitionOffset>>());
    }

    [Fact]
    public void The_batch_span_goes_with_the_write_not_the_consumer_thread()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DocStream.ServiceDefaults.Kafka.KafkaTelemetry.Source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        Activity? seenByWrite = null;
        using var writes = Writes((_, content, _) =>
        {
            seenByWrite = Activity.Current;
            return Stored(content);
        });

        writes.Start(BatchContent.Of([Messages.Document("a")], []));
        writes.FinishAll(CancellationToken.None);

        Assert.Null(Activity.Current);
        Assert.NotNull(seenByWrite);
        Assert.Equal(ActivityKind.Consumer, seenByWrite.Kind);
    }
}
