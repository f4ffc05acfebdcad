using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;
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
/// While MongoDB is unavailable the assigned partitions are paused (no fetching, bounded memory) and the
/// write is retried with backoff; the loop keeps polling so the group membership stays alive.
/// </summary>
public sealed class MicroBatchConsumer(
    IConsumer<string?, byte[]> consumer,
    InvoiceWriter writer,
    DeadLetterSink deadLetters,
    ProcessorState state,
    ProcessorMetrics metrics,
    IOptions<ProcessorOptions> options,
    ILogger<MicroBatchConsumer> logger) : BackgroundService
{
    private readonly ProcessorOptions _options = options.Value;
    private readonly OffsetGapDetector _gaps = new();
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly List<ConsumedDocument> _batch = [];
    private readonly List<(DeadLetter, Message<string?, byte[]>?)> _pendingGaps = [];
    private DateTime _lastLagRead = DateTime.MinValue;

    /// <summary>Wires the rebalance handlers; called while the consumer is built.</summary>
    internal static void ConfigureRebalanceHandlers(IServiceProvider services, ConsumerBuilder<string?, byte[]> builder)
    {
        // The handlers need the running instance; it is resolved lazily because the consumer is built first.
        builder.SetPartitionsAssignedHandler((c, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnAssigned(c, partitions));
        builder.SetPartitionsRevokedHandler((_, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnRevoked(partitions.Select(p => p.TopicPartition)));
        builder.SetPartitionsLostHandler((_, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnRevoked(partitions.Select(p => p.TopicPartition)));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: give the loop its own thread instead of a thread-pool worker.
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        consumer.Subscribe(_options.Topic);
        logger.LogInformation("Consuming {Topic} as group {Group}: batches of up to {Size} messages or {Wait} ms.",
            _options.Topic, _options.GroupId, _options.MaxBatchSize, _options.MaxBatchWaitMs);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Collect(stoppingToken);
                if (_batch.Count > 0 || _pendingGaps.Count > 0)
                {
                    await WriteAndCommitAsync(stoppingToken);
                }
                ReadLag();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: an unwritten batch is simply not committed and will be consumed again.
        }
        finally
        {
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

    /// <summary>Fills the batch up to its size or time bound.</summary>
    private void Collect(CancellationToken stoppingToken)
    {
        var maxWait = TimeSpan.FromMilliseconds(_options.MaxBatchWaitMs);
        long? firstAt = null;
        while (_batch.Count < _options.MaxBatchSize)
        {
            TimeSpan wait;
            if (firstAt is null)
            {
                wait = TimeSpan.FromMilliseconds(500); // idle: wait for the first message of a batch
            }
            else
            {
                wait = maxWait - Stopwatch.GetElapsedTime(firstAt.Value);
                if (wait <= TimeSpan.Zero)
                {
                    return;
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
                    _gaps.Observe(record.TopicPartition, record.Offset.Value);
                    _batch.Add(new ConsumedDocument(record, null, $"The message could not be read: {e.Error.Reason}"));
                }
                continue;
            }
            stoppingToken.ThrowIfCancellationRequested();
            if (result is null)
            {
                if (firstAt is null)
                {
                    return; // idle: let the caller report lag, then poll again
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
        try
        {
            var line = InvoiceLineJson.Deserialize(result.Message.Value);
            // The API validated it, but anyone can write to a topic: check what the store relies on.
            if (string.IsNullOrEmpty(line.Id) || !InvoiceLineReader.IsValidId(line.Id) || string.IsNullOrEmpty(line.InvoiceNo))
            {
                return new ConsumedDocument(result, null, "The document has no valid Id or InvoiceNo.");
            }
            return new ConsumedDocument(result, line, null);
        }
        catch (JsonException e)
        {
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

    private async Task WriteAndCommitAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(_options.RetryInitialBackoffMs);
        var paused = false;
        var duplicateAttempts = 0;
        var pending = _batch.ToList();
        var letters = new List<(DeadLetter, Message<string?, byte[]>?)>(_pendingGaps);
        letters.AddRange(pending.Where(d => d.Line is null).Select(d => (DeadLetterSink.Poison(d.Message, d.DecodeError!), (Message<string?, byte[]>?)d.Message.Message)));

        using var activity = StartBatchActivity(pending);
        while (true)
        {
            // Only partitions still ours: after a rebalance their new owner consumes them from the last commit.
            pending.RemoveAll(d => !_assigned.Contains(d.Partition));
            letters.RemoveAll(l => l.Item1.Kind == DeadLetter.PoisonKind && !_assigned.Contains(new TopicPartition(l.Item1.Topic, l.Item1.Partition)));
            var lines = Deduplicate(pending);
            try
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await writer.UpsertAsync(lines, stoppingToken);
                var writeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (outcome.RetryLater.Count > 0 && ++duplicateAttempts < _options.DuplicateKeyAttempts)
                {
                    throw new MongoException($"{outcome.RetryLater.Count} document(s) hit a duplicate key; retrying the batch.");
                }
                foreach (var (index, reason) in outcome.Refused.Concat(outcome.RetryLater.Select(i => (i, "Duplicate key after repeated attempts."))))
                {
                    var source = pending.Last(d => d.Line?.Id == lines[index].Id);
                    letters.Add((DeadLetterSink.Poison(source.Message, reason), source.Message.Message));
                }
                await deadLetters.WriteAsync(letters, stoppingToken);

                Commit(pending);
                metrics.Written(outcome.Written);
                metrics.Batch(pending.Count, writeMs);
                state.BatchWritten(outcome.Written, writeMs);
                if (letters.Count > 0)
                {
                    var poison = letters.Count(l => l.Item1.Kind == DeadLetter.PoisonKind);
                    metrics.DeadLettered(poison, "poison");
                    state.DeadLettered(poison);
                    logger.LogWarning("Dead-lettered {Count} message(s) / gap(s) of this batch.", letters.Count);
                }
                activity?.SetTag("docstream.documents.written", outcome.Written);
                break;
            }
            catch (Exception e) when (e is MongoException or TimeoutException or KafkaException && !stoppingToken.IsCancellationRequested)
            {
                metrics.WriteFailed();
                state.StoreFailing(e.Message);
                if (!paused)
                {
                    consumer.Pause(_assigned);
                    paused = true;
                    logger.LogError("Writing the batch failed ({Error}). Paused fetching; retrying with backoff.", e.Message);
                }
                // Poll while waiting: keeps the group membership alive and runs rebalance handlers. A partition
                // assigned meanwhile is not paused yet: put its message back and pause it too.
                if (consumer.Consume(backoff) is { IsPartitionEOF: false } early)
                {
                    consumer.Seek(early.TopicPartitionOffset);
                    consumer.Pause([early.TopicPartition]);
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMilliseconds(_options.RetryMaxBackoffMs).Ticks));
            }
        }

        if (paused)
        {
            consumer.Resume(consumer.Assignment);
            logger.LogInformation("MongoDB writes succeed again; resumed fetching.");
        }
        _batch.Clear();
        _pendingGaps.Clear();
    }

    /// <summary>The same document twice in one batch (a client retry) is written once, latest version.</summary>
    private static List<InvoiceLine> Deduplicate(List<ConsumedDocument> batch)
    {
        var byId = new Dictionary<string, int>(batch.Count);
        var lines = new List<InvoiceLine>(batch.Count);
        foreach (var d in batch)
        {
            if (d.Line is null)
            {
                continue;
            }
            if (byId.TryGetValue(d.Line.Id, out var at))
            {
                lines[at] = d.Line;
            }
            else
            {
                byId[d.Line.Id] = lines.Count;
                lines.Add(d.Line);
            }
        }
        return lines;
    }

    private void Commit(List<ConsumedDocument> written)
    {
        if (written.Count == 0)
        {
            return;
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
        try
        {
            foreach (var committed in c.Committed(partitions, TimeSpan.FromSeconds(10)))
            {
                _gaps.Expect(committed.TopicPartition, committed.Offset.Value);
            }
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Could not read committed offsets ({Reason}); gap detection starts at the first message.", e.Error.Reason);
        }
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions)
    {
        var revoked = partitions.ToList();
        logger.LogInformation("Revoked {Partitions}.", string.Join(", ", revoked.Select(p => p.Partition.Value)));
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
        foreach (var p in _assigned)
        {
            var watermarks = consumer.GetWatermarkOffsets(p);
            var position = consumer.Position(p);
            if (watermarks.High.Value >= 0)
            {
                var from = position.Value >= 0 ? position.Value : watermarks.Low.Value;
                lag[p.Partition.Value] = Math.Max(0, watermarks.High.Value - from);
            }
        }
        state.LagByPartition = lag;
    }
}
