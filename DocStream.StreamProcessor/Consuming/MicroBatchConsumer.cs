using System.Diagnostics;
using System.Text.Json;
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
/// overtaken by an older one. Writes are committed strictly in order, and at most three batches are held in
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
    InvoiceWriter writer,
    DeadLetterSink deadLetters,
    ProcessorState state,
    ProcessingSwitch processing,
    ProcessorMetrics metrics,
    IOptions<ProcessorOptions> options,
    ILogger<MicroBatchConsumer> logger) : BackgroundService
{
    /// <summary>How long shutdown may spend finishing the batches in hand (the host allows 15 s in all).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Batch writes allowed in flight at once; two hide the commit and serialization between batches.</summary>
    public const int MaxWritesInFlight = 2;

    private readonly ProcessorOptions _options = options.Value;
    private readonly OffsetGapDetector _gaps = new();
    private readonly HashSet<TopicPartition> _assigned = [];
    private List<ConsumedDocument> _batch = [];
    private List<(DeadLetter, Message<string?, byte[]>?)> _pendingGaps = [];
    /// <summary>Writes in flight, oldest first; committed strictly in this order.</summary>
    private readonly List<InFlightBatch> _inFlight = new(MaxWritesInFlight);
    private CancellationToken _writeToken;
    private DateTime _lastLagRead = DateTime.MinValue;
    /// <summary>Set by an assignment: partitions paused during a MongoDB outage stay paused in librdkafka when they come back.</summary>
    private bool _resumeAssigned;
    /// <summary>Fetching is paused because an operator asked (not because MongoDB fails).</summary>
    private bool _operatorPaused;
    /// <summary>Rewinds asked for before this instance started were applied by the partitions' owners of the time.</summary>
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private string? _lastRewind;
    /// <summary>Per partition, when the last message written and committed was produced: the oldest unwritten one is newer.</summary>
    private readonly Dictionary<int, DateTime> _writtenUpTo = [];

    /// <summary>A batch whose write runs in the background; committed by the consumer thread once it succeeded.</summary>
    /// <param name="Ids">The document ids being written: a later batch sharing one must wait for this write.</param>
    private sealed record InFlightBatch(List<ConsumedDocument> Messages, Dictionary<string, int> Ids,
        List<(DeadLetter, Message<string?, byte[]>?)> Letters, Activity? Activity, Task<BatchOutcome> Write);

    private sealed record BatchOutcome(int Written, int Poison, int Letters, double WriteMs);

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
            while (_inFlight.Count > 0)
            {
                FinishOldest(stoppingToken);
            }
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
            WaitUntilFinished(_inFlight);
            _inFlight.Clear();
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

    /// <summary>One turn of the loop: collect, commit what finished, start the next write, sample lag.</summary>
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
        while (_inFlight.Count > 0 && _inFlight[0].Write.IsCompleted)
        {
            FinishOldest(stoppingToken);
        }
        // An idle pipeline takes any batch; a busy one only a full batch (or everything, when stopping).
        if ((_batch.Count > 0 || _pendingGaps.Count > 0)
            && (_inFlight.Count == 0 || _batch.Count >= _options.MaxBatchSize || stoppingToken.IsCancellationRequested))
        {
            while (_inFlight.Count >= MaxWritesInFlight || (_inFlight.Count > 0 && SharesIds(_batch)))
            {
                FinishOldest(stoppingToken);
            }
            StartWrite();
        }
        ReadLag();
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
    /// committed first, the moved partitions' part of the batch being collected is dropped (it is read again), then each partition is set back to
    /// the request's offset (earliest, or the first at its time; never forward) with a seek and a commit, so a restart
    /// or the next owner also starts there. The upserts make reading again change nothing but the stored-at times.
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
        while (_inFlight.Count > 0)
        {
            FinishOldest(stoppingToken);
        }
        var partitions = _assigned.ToList();
        var timeout = TimeSpan.FromSeconds(10);
        var committed = consumer.Committed(partitions, timeout).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        var atTime = request.Offsets is { } given
            ? partitions.ToDictionary(p => p, p => given.FirstOrDefault(o => o.Partition == p.Partition.Value)?.Offset ?? -1)
            : request.ToTime is { } at
            ? consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(at, TimestampType.CreateTime))), timeout)
                .ToDictionary(r => r.TopicPartition, r => r.Offset.Value)
            : null;
        var moves = new List<TopicPartitionOffset>();
        long again = 0;
        foreach (var p in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(p, timeout);
            // A log truncated past the committed offset has nothing before it to read again.
            var now = Math.Max(committed.GetValueOrDefault(p, -1), watermarks.Low.Value);
            // No message at or after the time: nothing of that partition to read again.
            var target = atTime is null ? watermarks.Low.Value : atTime[p] is >= 0 and var t ? t : now;
            target = Math.Clamp(target, watermarks.Low.Value, now);
            if (target < now)
            {
                moves.Add(new TopicPartitionOffset(p, new Offset(target)));
                again += now - target;
            }
        }
        // Collected but not written: read again from the new position (a partition that does not move keeps its own).
        var moved = moves.Select(m => m.TopicPartition).ToHashSet();
        _batch.RemoveAll(d => moved.Contains(d.Partition));
        foreach (var move in moves)
        {
            consumer.Seek(move);
            _gaps.Expect(move.TopicPartition, move.Offset.Value);
        }
        if (moves.Count > 0)
        {
            consumer.Commit(moves);
        }
        state.RewindApplied(request.Id, again);
        logger.LogInformation("Rewind {Id} by {By}: {Messages} messages of {Partitions} partitions to be read again.",
            request.Id, request.By, again, moves.Count);
    }

    /// <summary>
    /// Blocks until every write of <paramref name="writes"/> has finished (succeeded, failed or been cancelled), without
    /// throwing: the caller decides what its outcome means. A write dropped while still running could land after a
    /// newer version of the same document, written later by this instance or by the partition's next owner.
    /// </summary>
    private static void WaitUntilFinished(IEnumerable<InFlightBatch> writes)
    {
        foreach (var batch in writes)
        {
            Task.WaitAny(batch.Write);
            _ = batch.Write.Exception; // observed here; a failed write is simply not committed
        }
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
            var writing = _inFlight.Count > 0 && !_inFlight[0].Write.IsCompleted;
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
                if (e.ConsumerRecord is { } raw)
                {
                    // Undecodable key or value: keep its raw bytes so it can be dead-lettered and the partition moves on.
                    var record = new ConsumeResult<string?, byte[]>
                    {
                        TopicPartitionOffset = raw.TopicPartitionOffset,
                        Message = new Message<string?, byte[]>
                        {
                            Key = raw.Message?.Key is { } k ? System.Text.Encoding.UTF8.GetString(k) : null,
                            Value = raw.Message?.Value ?? [],
                            Headers = raw.Message?.Headers ?? [],
                        },
                    };
                    if (_gaps.Observe(record.TopicPartition, record.Offset.Value) is { } lost)
                    {
                        ReportGap(record.TopicPartition, lost.From, lost.To);
                    }
                    _batch.Add(new ConsumedDocument(record, null, $"The message could not be read: {e.Error.Reason}"));
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
            if (_gaps.Observe(result.TopicPartition, result.Offset.Value) is { } gap)
            {
                ReportGap(result.TopicPartition, gap.From, gap.To);
            }
            _batch.Add(Decode(result));
        }
    }

    private static ConsumedDocument Decode(ConsumeResult<string?, byte[]> result)
    {
        if (result.Message.Value is null || result.Message.Value.Length == 0)
        {
            return new ConsumedDocument(result, null, "The message has no value.");
        }
        if (!System.Text.Unicode.Utf8.IsValid(result.Message.Value))
        {
            // JSON on the wire is UTF-8. The deserializer would replace invalid bytes (e.g. a latin-1 '£') with
            // U+FFFD and the altered text would be stored as if it were the sender's.
            return new ConsumedDocument(result, null, "The message value is not valid UTF-8 (a JSON message must be UTF-8; was it sent as latin-1?).");
        }
        try
        {
            var line = InvoiceLineJson.Deserialize(result.Message.Value);
            // The API validated it, but anyone can write to a topic: check what the store relies on.
            if (string.IsNullOrEmpty(line.Id) || !InvoiceLineReader.IsValidId(line.Id) || string.IsNullOrEmpty(line.InvoiceNo))
            {
                return new ConsumedDocument(result, null, "The document has no valid Id or InvoiceNo.");
            }
            if (line.StockCode is null || line.Description is null || line.Country is null)
            {
                return new ConsumedDocument(result, null, "The document has null in a required text field (StockCode, Description or Country).");
            }
            return new ConsumedDocument(result, line, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Not only JsonException: invalid UTF-8 inside a string surfaces as InvalidOperationException, and an
            // exception escaping here would stop the whole loop (and the host) on one bad message.
            return new ConsumedDocument(result, null, $"The message is not an invoice line: {e.Message}");
        }
    }

    private void ReportGap(TopicPartition partition, long from, long to)
    {
        var count = to - from + 1;
        logger.LogError("OFFSET GAP on {Partition}: offsets {From}..{To} ({Count} messages) were lost before they were consumed.",
            partition, from, to, count);
        metrics.Gap(count);
        state.GapFound(count);
        _pendingGaps.Add((DeadLetterSink.Gap(partition, from, to), null));
    }

    /// <summary>Hands the collected batch (and pending gap records) to a background write.</summary>
    private void StartWrite()
    {
        var pending = _batch;
        var letters = _pendingGaps;
        _batch = new List<ConsumedDocument>(Math.Min(_options.MaxBatchSize, 16_384));
        _pendingGaps = [];
        letters.AddRange(pending.Where(d => d.Line is null).Select(d => (DeadLetterSink.Poison(d.Message, d.DecodeError!), (Message<string?, byte[]>?)d.Message.Message)));

        var (latest, ids) = LatestVersions(pending);

        var previous = Activity.Current;
        var activity = StartBatchActivity(pending);
        var write = Task.Run(() => WriteOnceAsync(latest, letters, _writeToken));
        Activity.Current = previous; // the write carries the batch span; the consumer thread does not
        _inFlight.Add(new InFlightBatch(pending, ids, letters, activity, write));
    }

    /// <summary>True when a document of <paramref name="batch"/> is also in a write in flight (a resend): it must wait for that write.</summary>
    private bool SharesIds(List<ConsumedDocument> batch)
    {
        foreach (var write in _inFlight)
        {
            foreach (var d in batch)
            {
                if (d.Line is not null && write.Ids.ContainsKey(d.Line.Id))
                {
                    return true;
                }
            }
        }
        return false;
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
        var batch = _inFlight[0];
        var backoff = TimeSpan.FromMilliseconds(_options.RetryInitialBackoffMs);
        var paused = false;
        try
        {
            while (true)
            {
                try
                {
                    var outcome = batch.Write.GetAwaiter().GetResult();
                    _inFlight.RemoveAt(0);
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
                    if (_inFlight.Count == 0 || !ReferenceEquals(_inFlight[0], batch))
                    {
                        return; // its partitions were revoked while we waited: the new owner replays them
                    }
                    // Only partitions still ours: after a rebalance their new owner consumes them from the last commit.
                    var pending = batch.Messages.Where(d => _assigned.Contains(d.Partition)).ToList();
                    var (latest, ids) = LatestVersions(pending);
                    var letters = batch.Letters.Where(l => l.Item1.Kind != DeadLetter.PoisonKind
                        || _assigned.Contains(new TopicPartition(l.Item1.Topic, l.Item1.Partition))).ToList();
                    batch = batch with
                    {
                        Messages = pending, Ids = ids, Letters = letters,
                        Write = Task.Run(() => WriteOnceAsync(latest, letters, _writeToken)),
                    };
                    _inFlight[0] = batch;
                }
                catch (Exception e) when (e is MongoException or TimeoutException or KafkaException or OperationCanceledException)
                {
                    // Shutting down while MongoDB fails: abandon the writes uncommitted (they are consumed again later),
                    // once none of them can still land.
                    WaitUntilFinished(_inFlight);
                    _inFlight.Clear();
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

    /// <summary>
    /// One attempt at writing a batch (<paramref name="latest"/>: one version per id): upserts, then dead letters.
    /// Throws when MongoDB or Kafka is unavailable.
    /// </summary>
    private async Task<BatchOutcome> WriteOnceAsync(List<ConsumedDocument> latest, List<(DeadLetter, Message<string?, byte[]>?)> letters,
        CancellationToken cancellationToken)
    {
        var lines = new List<InvoiceLine>(latest.Count);
        var origins = new List<ActivityContext>(latest.Count);
        var storedAt = DateTime.UtcNow;
        foreach (var d in latest)
        {
            var traced = KafkaTelemetry.TryExtract(d.Message.Message.Headers, out var origin);
            // Where it came from, so "where is my document?" can be answered from the store alone.
            lines.Add(d.Line! with { Meta = new DocumentMeta(d.Partition.Partition.Value, d.Offset, storedAt, traced ? origin.TraceId.ToHexString() : null) });
            origins.Add(origin);
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = await writer.UpsertAsync(lines, origins, cancellationToken);
        // A duplicate key on _id is a race between two writers of the same new id: the retry finds it and replaces it.
        for (var attempt = 1; outcome.RetryLater.Count > 0 && attempt < _options.DuplicateKeyAttempts; attempt++)
        {
            var retry = outcome.RetryLater.Select(i => lines[i]).ToList();
            await Task.Delay(10 * attempt, cancellationToken);
            var again = await writer.UpsertAsync(retry, null, cancellationToken);
            outcome = new WriteOutcome(outcome.Written + again.Written,
                [.. outcome.Refused, .. again.Refused.Select(r => (lines.IndexOf(retry[r.Index]), r.Reason))],
                [.. again.RetryLater.Select(i => lines.IndexOf(retry[i]))]);
        }
        var writeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var allLetters = letters;
        var refused = outcome.Refused.Concat(outcome.RetryLater.Select(i => (i, "Duplicate key after repeated attempts."))).ToList();
        if (refused.Count > 0)
        {
            allLetters = [.. letters];
            foreach (var (index, reason) in refused)
            {
                var source = latest[index];
                allLetters.Add((DeadLetterSink.Poison(source.Message, reason), source.Message.Message));
            }
        }
        await deadLetters.WriteAsync(allLetters, cancellationToken);
        var poison = allLetters.Count(l => l.Item1.Kind == DeadLetter.PoisonKind);
        return new BatchOutcome(outcome.Written, poison, allLetters.Count, writeMs);
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
        if (batch.Activity is { } activity)
        {
            activity.SetTag("docstream.documents.written", outcome.Written);
            activity.Dispose();
        }
    }

    /// <summary>
    /// The same document twice in one batch (a client retry, a corrected resend) is written once, in its latest
    /// version. Runs on the consumer thread: the id map also tells a later batch whether it must wait for this one.
    /// </summary>
    private static (List<ConsumedDocument> Latest, Dictionary<string, int> Ids) LatestVersions(List<ConsumedDocument> batch)
    {
        var ids = new Dictionary<string, int>(batch.Count);
        var latest = new List<ConsumedDocument>(batch.Count);
        foreach (var d in batch)
        {
            if (d.Line is null)
            {
                continue;
            }
            if (ids.TryGetValue(d.Line.Id, out var at))
            {
                latest[at] = d;
            }
            else
            {
                ids[d.Line.Id] = latest.Count;
                latest.Add(d);
            }
        }
        return (latest, ids);
    }

    private void Commit(List<ConsumedDocument> written)
    {
        if (written.Count == 0)
        {
            return;
        }
        foreach (var d in written)
        {
            var produced = d.Message.Message.Timestamp.UtcDateTime;
            if (!_writtenUpTo.TryGetValue(d.Partition.Partition.Value, out var upTo) || produced > upTo)
            {
                _writtenUpTo[d.Partition.Partition.Value] = produced;
            }
        }
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

    private static Activity? StartBatchActivity(List<ConsumedDocument> batch)
    {
        // Link the batch to each producing request (bounded: a trace with thousands of links helps nobody).
        var links = new List<ActivityLink>();
        var seen = new HashSet<ActivityTraceId>();
        foreach (var d in batch)
        {
            if (links.Count >= 256)
            {
                break;
            }
            if (KafkaTelemetry.TryExtract(d.Message.Message.Headers, out var context) && seen.Add(context.TraceId))
            {
                links.Add(new ActivityLink(context));
            }
        }
        // A batch from one request continues that request's trace; otherwise it starts its own, linked to all.
        var parent = links.Count == 1 ? links[0].Context : default;
        var activity = KafkaTelemetry.Source.StartActivity(ActivityKind.Consumer, parent, links: links, name: $"process {batch.FirstOrDefault()?.Partition.Topic}");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.batch.message_count", batch.Count);
            if (batch.Count > 0)
            {
                activity.SetTag("messaging.destination.name", batch[0].Partition.Topic);
                activity.SetTag("messaging.kafka.offset", batch[0].Offset);
                activity.SetTag("messaging.destination.partition.id", batch[0].Partition.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            activity.SetTag("db.system.name", "mongodb");
            activity.SetTag("db.collection.name", PipelineNames.InvoicesCollection);
        }
        return activity;
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
    /// Partitions leave this instance. A write in flight is finished and committed before they go (the group
    /// waits for this handler), so the next owner starts exactly after it; when it cannot be written, it is
    /// dropped uncommitted and the next owner replays it. Lost partitions (already owned elsewhere) are not committed.
    /// </summary>
    private void OnRevoked(IEnumerable<TopicPartition> partitions, bool lost = false)
    {
        var revoked = partitions.ToList();
        logger.LogInformation("{What} {Partitions}.", lost ? "Lost" : "Revoked", string.Join(", ", revoked.Select(p => p.Partition.Value)));
        // Writes in flight are finished and committed in order; after the first that cannot be, none is committed
        // (a later commit would skip it), and their messages of partitions we keep go out again with the next batch.
        var writes = _inFlight.ToList();
        _inFlight.Clear();
        var notCommitted = new List<ConsumedDocument>();
        var failed = lost;
        foreach (var batch in writes)
        {
            try
            {
                if (failed)
                {
                    // Not committed, but finished before the partitions go: it must not land after their next owner's writes.
                    WaitUntilFinished([batch]);
                    throw new OperationCanceledException(lost ? "Partitions lost: the batch in flight is not committed." : "An earlier batch was not committed.");
                }
                Completed(batch, batch.Write.GetAwaiter().GetResult());
            }
            catch (Exception e) when (e is MongoException or TimeoutException or KafkaException or OperationCanceledException)
            {
                failed = true;
                logger.LogWarning("A batch in flight was not committed before the rebalance ({Error}); it will be consumed again.", e.Message);
                batch.Activity?.Dispose();
                notCommitted.AddRange(batch.Messages.Where(d => !revoked.Contains(d.Partition)));
            }
        }
        _batch.InsertRange(0, notCommitted); // in offset order, ahead of what was collected since
        foreach (var p in revoked)
        {
            _assigned.Remove(p);
            _gaps.Forget(p);
        }
        // Unwritten messages of those partitions are dropped here; their new owner reads them from the last commit.
        _batch.RemoveAll(d => !_assigned.Contains(d.Partition));
    }

    private void ReadLag()
    {
        if (DateTime.UtcNow - _lastLagRead < TimeSpan.FromSeconds(1))
        {
            return;
        }
        _lastLagRead = DateTime.UtcNow;
        var lag = new Dictionary<int, long>();
        long produced = 0;
        var oldestUnwritten = TimeSpan.Zero;
        var now = DateTime.UtcNow;
        // The cached end offsets come with fetch responses: while fetching is paused (by an operator or a MongoDB
        // outage) they would stand still and the lag would look flat. Ask the broker instead.
        var askBroker = _operatorPaused || state.Failure is not null;
        foreach (var p in _assigned)
        {
            WatermarkOffsets watermarks;
            Offset position;
            try
            {
                watermarks = askBroker ? consumer.QueryWatermarkOffsets(p, TimeSpan.FromMilliseconds(500)) : consumer.GetWatermarkOffsets(p);
                position = consumer.Position(p);
            }
            catch (KafkaException e)
            {
                logger.LogDebug("Reading the position of {Partition} failed ({Reason}); lag not sampled this time.", p, e.Error.Reason);
                return;
            }
            if (watermarks.High.Value >= 0)
            {
                var from = position.Value >= 0 ? position.Value : watermarks.Low.Value;
                lag[p.Partition.Value] = Math.Max(0, watermarks.High.Value - from);
                produced += watermarks.High.Value;
                // Behind by at most the time since the last written message was produced (exact to one message's spacing).
                if (lag[p.Partition.Value] > 0 && _writtenUpTo.TryGetValue(p.Partition.Value, out var upTo) && now - upTo > oldestUnwritten)
                {
                    oldestUnwritten = now - upTo;
                }
            }
        }
        state.LagSampled(lag, produced, oldestUnwritten);
    }
}
