using System.Diagnostics;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;
using DocStream.StreamProcessor.Control;
using DocStream.StreamProcessor.Status;
using DocStream.StreamProcessor.Telemetry;
using DocStream.StreamProcessor.Writing;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// The consume-write-commit loop. A micro-batch closes at <see cref="ProcessorOptions.MaxBatchSize"/>
/// messages or <see cref="ProcessorOptions.MaxBatchWaitMs"/> after its first one; it is upserted into
/// MongoDB, poison messages go to the dead-letter sink, and only then are the offsets committed. A crash
/// anywhere before the commit replays the batch, and the upserts make the replay change nothing.
/// <para>
/// Batches are written in the background while the next one is collected (and decoded) on the consumer thread.
/// A full batch may start writing while the previous write is still in flight (at most
/// <see cref="MaxWritesInFlight"/>), so MongoDB is not left idle while a batch is committed and the next one
/// serialized; it does so only when the two share no document id, so a newer version of a document is never
/// overtaken by an older one (<see cref="InFlightWrites"/>). Writes are committed strictly in order, and at most three batches are held in
/// memory. The loop owns a dedicated thread and blocks on the writes instead of awaiting them, so
/// <c>Consume</c> never parks a thread-pool worker.
/// </para>
/// While MongoDB is unavailable the assigned partitions are paused (no fetching, bounded memory) and the
/// write is retried with backoff; the loop keeps polling so the group membership stays alive. When
/// partitions are revoked, the write in flight is finished and committed first, so no batch is written after
/// its partitions moved. On shutdown the batch in flight and the one being collected are written and
/// committed within <see cref="DrainTimeout"/>, or abandoned uncommitted (replayed by the next owner).
/// </summary>
public sealed class MicroBatchConsumer(
    IConsumer<string?, byte[]> consumer,
    MicroBatchWriter writer,
    ProcessorState state,
    ProcessingSwitch processing,
    ProcessorMetrics metrics,
    IOptions<ProcessorOptions> options,
    ILogger<MicroBatchConsumer> logger) : BackgroundService
{
    /// <summary>How long shutdown may spend finishing the batches in hand (the host allows 15 s in all).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Batch writes allowed in flight at once (see <see cref="InFlightWrites"/>).</summary>
    public const int MaxWritesInFlight = InFlightWrites.MaxWritesInFlight;

    private readonly ProcessorOptions _options = options.Value;
    private readonly OffsetGapDetector _gaps = new();
    private readonly LagSampler _lag = new();
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly InFlightWrites _inFlight = new();
    private List<ConsumedDocument> _batch = [];
    private List<PendingLetter> _pendingGaps = [];
    private CancellationToken _writeToken;
    /// <summary>Set by an assignment: partitions paused during a MongoDB outage stay paused in librdkafka when they come back.</summary>
    private bool _resumeAssigned;
    /// <summary>Fetching is paused because an operator asked (not because MongoDB fails).</summary>
    private bool _operatorPaused;
    /// <summary>Rewinds asked for before this instance started were applied by the partitions' owners of the time.</summary>
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private string? _lastRewind;

    /// <summary>Wires the rebalance handlers; called while the consumer is built.</summary>
    internal static void ConfigureRebalanceHandlers(IServiceProvider services, ConsumerBuilder<string?, byte[]> builder)
    {
        // The handlers need the running instance; it is resolved lazily because the consumer is built first.
        builder.SetPartitionsAssignedHandler((c, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnAssigned(c, partitions));
        builder.SetPartitionsRevokedHandler((_, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnRevoked(partitions.Select(p => p.TopicPartition)));
        builder.SetPartitionsLostHandler((_, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnRevoked(partitions.Select(p => p.TopicPartition), lost: true));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: give the loop its own thread instead of a thread-pool worker.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // Writes get a token of their own: shutdown lets them finish, up to the drain timeout.
        using var drain = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() => drain.CancelAfter(DrainTimeout));
        _writeToken = drain.Token;
        processing.WaitForFirstRead(TimeSpan.FromSeconds(5), stoppingToken);
        consumer.Subscribe(_options.Topic);
        logger.LogInformation("Consuming {Topic} as group {Group}: batches of up to {Size} messages or {Wait} ms.",
            _options.Topic, _options.GroupId, _options.MaxBatchSize, _options.MaxBatchWaitMs);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    Step(stoppingToken);
                }
                catch (KafkaException e) when (!e.Error.IsFatal)
                {
                    // Whatever Kafka call failed is retried on the next step; the writes in flight stay tracked.
                    logger.LogWarning("Kafka call failed ({Reason}); retrying.", e.Error.Reason);
                    stoppingToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
                }
            }
            // Shutting down: write what is in hand (the writes in flight and the batch collected meanwhile) and commit it.
            FinishAll(stoppingToken);
            logger.LogInformation("Stopped consuming; in-flight batches written and committed.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Shutdown: a batch could not be written within {Timeout} s; it was not committed and will be consumed again.",
                DrainTimeout.TotalSeconds);
        }
        finally
        {
            // No write may outlive the loop: one landing after the next owner's would overwrite a newer version.
            drain.Cancel();
            _inFlight.AbandonAll();
            try
            {
                consumer.Close(); // leave the group now so the partitions move without waiting for a timeout
            }
            catch (KafkaException e)
            {
                logger.LogWarning("Leaving the consumer group failed: {Reason}", e.Error.Reason);
            }
        }
    }

    /// <summary>One turn of the loop: follow the operators, collect, commit what finished, start the next write, sample lag.</summary>
    private void Step(CancellationToken stoppingToken)
    {
        ApplyOperatorPause();
        ApplyRewind(stoppingToken);
        if (_resumeAssigned)
        {
            // Outside the retry (which pauses what it needs): a partition lost while paused and assigned again would
            // otherwise never be fetched again.
            if (!_operatorPaused)
            {
                consumer.Resume(consumer.Assignment);
            }
            _resumeAssigned = false;
        }
        Collect(stoppingToken);
        while (_inFlight.OldestFinished)
        {
            FinishOldest(stoppingToken);
        }
        // An idle pipeline takes any batch; a busy one only a full batch (or everything, when stopping).
        if ((_batch.Count > 0 || _pendingGaps.Count > 0)
            && (_inFlight.Count == 0 || _batch.Count >= _options.MaxBatchSize || stoppingToken.IsCancellationRequested))
        {
            while (_inFlight.Count > 0 && _inFlight.MustFinishOldestBefore(_batch))
            {
                FinishOldest(stoppingToken);
            }
            StartWrite();
        }
        SampleLag();
    }

    /// <summary>
    /// Follows the operators' switch. Paused again on every turn, not once: the MongoDB retry and a re-assignment
    /// resume partitions of their own accord. What was fetched before still goes through (written and committed),
    /// and the loop keeps polling, so the group membership lives on and resuming continues from the commits.
    /// </summary>
    private void ApplyOperatorPause()
    {
        if (processing.Paused)
        {
            consumer.Pause(consumer.Assignment);
            if (!_operatorPaused)
            {
                _operatorPaused = true;
                state.SetOperatorPaused(true);
                logger.LogInformation("Fetching paused on the operators' request.");
            }
        }
        else if (_operatorPaused)
        {
            consumer.Resume(consumer.Assignment);
            _operatorPaused = false;
            state.SetOperatorPaused(false);
            logger.LogInformation("Fetching resumed on the operators' request.");
        }
    }

    /// <summary>
    /// Applies a new rewind request once, to the partitions this instance owns: everything in flight is written and
    /// committed first, the moved partitions' part of the batch being collected is dropped (it is read again), then each
    /// partition is set back (<see cref="RewindApplier"/>) with a seek and a commit, so a restart or the next owner also
    /// starts there. The upserts make reading again change nothing but the stored-at times.
    /// </summary>
    private void ApplyRewind(CancellationToken stoppingToken)
    {
        if (processing.Rewind is not { } request || request.Id == _lastRewind)
        {
            return;
        }
        _lastRewind = request.Id;
        if (request.RequestedAt < _startedAt || _assigned.Count == 0)
        {
            return;
        }
        FinishAll(stoppingToken);
        var plan = RewindApplier.Apply(consumer, [.. _assigned], request);
        // Collected but not written: read again from the new position (a partition that does not move keeps its own).
        var moved = plan.Moves.Select(m => m.TopicPartition).ToHashSet();
        _batch.RemoveAll(d => moved.Contains(d.Partition));
        foreach (var move in plan.Moves)
        {
            _gaps.Expect(move.TopicPartition, move.Offset.Value);
        }
        state.RewindApplied(request.Id, plan.Messages);
        logger.LogInformation("Rewind {Id} by {By}: {Messages} messages of {Partitions} partitions to be read again.",
            request.Id, request.By, plan.Messages, plan.Moves.Count);
    }

    /// <summary>
    /// Fills the batch up to its size bound, or its time bound once no write is in flight (while one is, more
    /// messages can join the next batch for free). Returns early when idle or when stopping.
    /// </summary>
    private void Collect(CancellationToken stoppingToken)
    {
        var maxWait = TimeSpan.FromMilliseconds(_options.MaxBatchWaitMs);
        long? firstAt = _batch.Count > 0 ? Stopwatch.GetTimestamp() - (long)(maxWait.TotalSeconds * Stopwatch.Frequency) : null;
        var expired = false;
        while (_batch.Count < _options.MaxBatchSize && !stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            var writing = _inFlight.OldestRunning;
            if (firstAt is null)
            {
                // Idle: wait for the first message of a batch (briefly while a write may need its commit).
                wait = TimeSpan.FromMilliseconds(_inFlight.Count == 0 ? 500 : 5);
            }
            else
            {
                wait = maxWait - Stopwatch.GetElapsedTime(firstAt.Value);
                if (wait <= TimeSpan.Zero)
                {
                    // The time bound stops the waiting, not the taking: what is already fetched joins the batch
                    // (up to its size), so one producer request's messages are not cut across two batches.
                    expired = !writing;
                    wait = writing ? TimeSpan.FromMilliseconds(5) : TimeSpan.Zero;
                }
            }

            ConsumeResult<string?, byte[]>? result;
            try
            {
                result = consumer.Consume(wait);
            }
            catch (ConsumeException e)
            {
                logger.LogError("Consume failed: {Reason}", e.Error.Reason);
                if (MessageDecoder.Unreadable(e) is { } unreadable)
                {
                    Add(unreadable);
                }
                continue;
            }
            if (result is null)
            {
                if (expired)
                {
                    return;
                }
                if (firstAt is null && !writing)
                {
                    return; // idle: let the caller commit and report lag, then poll again
                }
                continue;
            }
            if (result.IsPartitionEOF)
            {
                continue;
            }
            firstAt ??= Stopwatch.GetTimestamp();
            Add(MessageDecoder.Decode(result));
        }
    }

    /// <summary>Adds a consumed message to the batch, reporting the offsets lost before it, if any.</summary>
    private void Add(ConsumedDocument document)
    {
        if (_gaps.Observe(document.Partition, document.Offset) is { } gap)
        {
            ReportGap(document.Partition, gap.From, gap.To);
        }
        _batch.Add(document);
    }

    private void ReportGap(TopicPartition partition, long from, long to)
    {
        var count = to - from + 1;
        logger.LogError("OFFSET GAP on {Partition}: offsets {From}..{To} ({Count} messages) were lost before they were consumed.",
            partition, from, to, count);
        metrics.Gap(count);
        state.GapFound(count);
        _pendingGaps.Add(new PendingLetter(DeadLetterSink.Gap(partition, from, to), null));
    }

    /// <summary>Hands the collected batch (and pending gap records) to a background write.</summary>
    private void StartWrite()
    {
        var content = BatchContent.Of(_batch, _pendingGaps);
        _batch = new List<ConsumedDocument>(Math.Min(_options.MaxBatchSize, 16_384));
        _pendingGaps = [];
        var previous = Activity.Current;
        var activity = BatchTracing.Start(content.Messages);
        var write = StartWriting(content);
        Activity.Current = previous; // the write carries the batch span; the consumer thread does not
        _inFlight.Add(new InFlightBatch(content, activity, write));
    }

    private Task<BatchOutcome> StartWriting(BatchContent content) => Task.Run(() => writer.WriteAsync(content, _writeToken));

    private void FinishAll(CancellationToken stoppingToken)
    {
        while (_inFlight.Count > 0)
        {
            FinishOldest(stoppingToken);
        }
    }

    /// <summary>
    /// Waits for the oldest write in flight; commits it when it succeeded; otherwise pauses fetching and retries
    /// it with backoff until it succeeds (or shutdown abandons it). A later write may finish meanwhile: it shares no
    /// document with this one and is committed only after it. Runs on the consumer thread.
    /// </summary>
    private void FinishOldest(CancellationToken stoppingToken)
    {
        if (_inFlight.Count == 0)
        {
            return;
        }
        var batch = _inFlight.Oldest;
        var backoff = TimeSpan.FromMilliseconds(_options.RetryInitialBackoffMs);
        var paused = false;
        try
        {
            while (true)
            {
                try
                {
                    var outcome = batch.Write.GetAwaiter().GetResult();
                    _inFlight.RemoveOldest();
                    Completed(batch, outcome);
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
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMilliseconds(_options.RetryMaxBackoffMs).Ticks));
                    if (!_inFlight.IsOldest(batch))
                    {
                        return; // a rebalance settled it while we waited: the new owner replays what moved
                    }
                    // Only partitions still ours: after a rebalance their new owner consumes them from the last commit.
                    var content = batch.Content.OwnedPart(_assigned);
                    batch = batch with { Content = content, Write = StartWriting(content) };
                    _inFlight.ReplaceOldest(batch);
                }
                catch (Exception e) when (e is MongoException or TimeoutException or KafkaException or OperationCanceledException)
                {
                    // Shutting down while MongoDB fails: abandon the writes uncommitted (they are consumed again later),
                    // once none of them can still land.
                    _inFlight.AbandonAll();
                    throw new OperationCanceledException("The in-flight batch was abandoned at shutdown.", e, stoppingToken);
                }
            }
        }
        finally
        {
            if (paused)
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
                consumer.Pause(_assigned);
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

    /// <summary>After a successful write: commit, then account for it.</summary>
    private void Completed(InFlightBatch batch, BatchOutcome outcome)
    {
        Commit(batch.Messages);
        metrics.Written(outcome.Written);
        metrics.Batch(batch.Messages.Count, outcome.WriteMs);
        state.BatchWritten(outcome.Written, outcome.WriteMs);
        if (outcome.Letters > 0)
        {
            metrics.DeadLettered(outcome.Poison, "poison");
            state.DeadLettered(outcome.Poison);
            logger.LogWarning("Dead-lettered {Count} message(s) / gap(s) of this batch.", outcome.Letters);
        }
        BatchTracing.Committed(batch.Activity, outcome.Written);
    }

    /// <summary>Commits the offset after each partition's last message of <paramref name="written"/>.</summary>
    private void Commit(IReadOnlyList<ConsumedDocument> written)
    {
        if (written.Count == 0)
        {
            return;
        }
        _lag.Written(written);
        var offsets = written
            .GroupBy(d => d.Partition)
            .Select(g => new TopicPartitionOffset(g.Key, new Offset(g.Max(d => d.Offset) + 1)))
            .ToList();
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException e)
        {
            // The documents are stored; a lost commit only means they are written again (no change) later.
            logger.LogWarning("Committing offsets failed ({Reason}); the batch will be replayed harmlessly.", e.Error.Reason);
        }
    }

    private void OnAssigned(IConsumer<string?, byte[]> c, List<TopicPartition> partitions)
    {
        logger.LogInformation("Assigned {Partitions}.", string.Join(", ", partitions.Select(p => p.Partition.Value)));
        foreach (var p in partitions)
        {
            _assigned.Add(p);
        }
        _resumeAssigned = true;
        try
        {
            foreach (var committed in c.Committed(partitions, TimeSpan.FromSeconds(10)))
            {
                // Nothing committed yet: the group has read nothing of this partition, so its log must still start
                // at offset 0. If it does not, the first messages left the log before anyone stored them.
                _gaps.Expect(committed.TopicPartition, committed.Offset.Value >= 0 ? committed.Offset.Value : 0);
            }
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Could not read committed offsets ({Reason}); gap detection starts at the first message.", e.Error.Reason);
        }
    }

    /// <summary>
    /// Partitions leave this instance. The writes in flight are settled first (<see cref="InFlightWrites.SettleForRebalance"/>:
    /// committed in order, or waited for and dropped), so the next owner starts exactly after what was committed; the
    /// messages of dropped writes from partitions we keep go out again with the next batch.
    /// </summary>
    private void OnRevoked(IEnumerable<TopicPartition> partitions, bool lost = false)
    {
        var revoked = partitions.ToList();
        logger.LogInformation("{What} {Partitions}.", lost ? "Lost" : "Revoked", string.Join(", ", revoked.Select(p => p.Partition.Value)));
        var settled = _inFlight.SettleForRebalance(revoked, lost, Completed);
        foreach (var e in settled.NotCommitted)
        {
            logger.LogWarning("A batch in flight was not committed before the rebalance ({Error}); it will be consumed again.", e.Message);
        }
        _batch.InsertRange(0, settled.CollectAgain); // in offset order, ahead of what was collected since
        foreach (var p in revoked)
        {
            _assigned.Remove(p);
            _gaps.Forget(p);
        }
        // Unwritten messages of those partitions are dropped here; their new owner reads them from the last commit.
        _batch.RemoveAll(d => !_assigned.Contains(d.Partition));
    }

    /// <summary>Samples the lag once a second, from the broker while fetching is paused (<see cref="PartitionOffsetsReader"/>).</summary>
    private void SampleLag()
    {
        var now = DateTime.UtcNow;
        if (!_lag.TryStart(now))
        {
            return;
        }
        var askBroker = _operatorPaused || state.Failure is not null;
        if (PartitionOffsetsReader.TryRead(consumer, _assigned, askBroker, logger) is { } offsets)
        {
            var sample = _lag.Sample(offsets, now);
            state.LagSampled(sample.ByPartition, sample.ProducedOffsets, sample.OldestUnwritten);
        }
    }
}
