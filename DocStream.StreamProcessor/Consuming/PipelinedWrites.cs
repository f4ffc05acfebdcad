using System.Diagnostics;
using Confluent.Kafka;
using DocStream.StreamProcessor.Status;
using DocStream.StreamProcessor.Telemetry;
using DocStream.StreamProcessor.Writing;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// Runs batch writes in the background (<see cref="InFlightWrites"/> holds them, oldest first) and finishes them on the
/// consumer thread, strictly in order: a stored batch is committed; while MongoDB fails, fetching is paused and the
/// write retried with backoff, polling meanwhile so the group membership stays alive. Writes run on a token of their
/// own, so shutdown lets them finish within the drain time instead of cutting them off.
/// </summary>
/// <param name="write">One attempt at storing a batch (<see cref="MicroBatchWriter.WriteAsync"/>); throws while MongoDB fails.</param>
public sealed class PipelinedWrites(
    IConsumer<string?, byte[]> consumer,
    Func<BatchContent, CancellationToken, Task<BatchOutcome>> write,
    BatchCommitter committer,
    IReadOnlySet<TopicPartition> owned,
    ProcessorMetrics metrics,
    ProcessorState state,
    ProcessorOptions options,
    ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _drain = new();

    public InFlightWrites InFlight { get; } = new();

    /// <summary>Hands <paramref name="content"/> to a background write, under the batch's span.</summary>
    public void Start(BatchContent content)
    {
        var previous = Activity.Current;
        var activity = BatchTracing.Start(content.Messages);
        var write = Write(content);
        Activity.Current = previous; // the write carries the batch span; the consumer thread does not
        InFlight.Add(new InFlightBatch(content, activity, write));
    }

    /// <summary>Commits every write that has finished, in order, without waiting for a running one.</summary>
    public void FinishCompleted(CancellationToken stoppingToken)
    {
        while (InFlight.OldestFinished)
        {
            FinishOldest(stoppingToken);
        }
    }

    public void FinishAll(CancellationToken stoppingToken)
    {
        while (InFlight.Count > 0)
        {
            FinishOldest(stoppingToken);
        }
    }

    /// <summary>Shutdown has begun: writes still running get <paramref name="timeout"/> before they are cancelled.</summary>
    public void DrainWithin(TimeSpan timeout) => _drain.CancelAfter(timeout);

    /// <summary>The loop ends: no write may outlive it (one landing after the next owner's would overwrite a newer version).</summary>
    public void AbandonAll()
    {
        _drain.Cancel();
        InFlight.AbandonAll();
    }

    /// <summary>
    /// Waits for the oldest write; commits it when it succeeded; otherwise pauses fetching and retries it with backoff
    /// until it succeeds (or shutdown abandons it). A later write may finish meanwhile: it shares no document with this
    /// one and is committed only after it.
    /// </summary>
    public void FinishOldest(CancellationToken stoppingToken)
    {
        if (InFlight.Count == 0)
        {
            return;
        }
        var batch = InFlight.Oldest;
        var backoff = TimeSpan.FromMilliseconds(options.RetryInitialBackoffMs);
        var paused = false;
        try
        {
            while (true)
            {
                try
                {
                    var outcome = batch.Write.GetAwaiter().GetResult();
                    InFlight.RemoveOldest();
                    committer.Commit(batch, outcome);
                    return;
                }
                catch (Exception e) when (e is MongoException or TimeoutException or KafkaException && !stoppingToken.IsCancellationRequested)
                {
                    metrics.WriteFailed();
                    state.StoreFailing(e.Message);
                    if (!paused)
                    {
                        logger.LogError("Writing the batch failed ({Error}). Paused fetching; retrying with backoff.", e.Message);
                    }
                    paused |= PollWhilePaused(backoff, pauseAll: !paused);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMilliseconds(options.RetryMaxBackoffMs).Ticks));
                    if (!InFlight.IsOldest(batch))
                    {
                        return; // a rebalance settled it while we waited: the new owner replays what moved
                    }
                    // Only partitions still ours: after a rebalance their new owner consumes them from the last commit.
                    var content = batch.Content.OwnedPart(owned);
                    batch = batch with { Content = content, Write = Write(content) };
                    InFlight.ReplaceOldest(batch);
                }
                catch (Exception e) when (e is MongoException or TimeoutException or KafkaException or OperationCanceledException)
                {
                    // Shutting down while MongoDB fails: abandon the writes uncommitted (they are consumed again later),
                    // once none of them can still land.
                    InFlight.AbandonAll();
                    throw new OperationCanceledException("The in-flight batch was abandoned at shutdown.", e, stoppingToken);
                }
            }
        }
        finally
        {
            if (paused)
            {
                Resume();
            }
        }
    }

    public void Dispose() => _drain.Dispose();

    private Task<BatchOutcome> Write(BatchContent content)
    {
        var token = _drain.Token;
        return Task.Run(() => write(content, token));
    }

    /// <summary>
    /// Waits <paramref name="backoff"/> while polling, which keeps the group membership alive and runs rebalance
    /// handlers; fetching stays paused (a partition assigned meanwhile has its message put back and is paused too).
    /// The broker may be down as well: its errors are logged and the wait goes on. Returns whether fetching is paused.
    /// </summary>
    private bool PollWhilePaused(TimeSpan backoff, bool pauseAll)
    {
        var paused = !pauseAll;
        try
        {
            if (pauseAll)
            {
                consumer.Pause(owned);
                paused = true;
            }
            if (consumer.Consume(backoff) is { IsPartitionEOF: false } early)
            {
                consumer.Seek(early.TopicPartitionOffset);
                consumer.Pause([early.TopicPartition]);
            }
        }
        catch (KafkaException e) when (!e.Error.IsFatal)
        {
            logger.LogWarning("Kafka failed too while MongoDB writes fail ({Reason}); still retrying.", e.Error.Reason);
            Thread.Sleep(backoff);
        }
        return paused;
    }

    private void Resume()
    {
        try
        {
            consumer.Resume(consumer.Assignment);
            logger.LogInformation("MongoDB writes succeed again; resumed fetching.");
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Resuming fetching failed: {Reason}", e.Error.Reason);
        }
    }
}
