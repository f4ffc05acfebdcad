using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Control;
using DocStream.StreamProcessor.Status;
using DocStream.StreamProcessor.Telemetry;
using DocStream.StreamProcessor.Writing;
using Microsoft.Extensions.Options;

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
public sealed class MicroBatchConsumer : BackgroundService
{
    /// <summary>How long shutdown may spend finishing the batches in hand (the host allows 15 s in all).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Batch writes allowed in flight at once (see <see cref="InFlightWrites"/>).</summary>
    public const int MaxWritesInFlight = InFlightWrites.MaxWritesInFlight;

    private readonly IConsumer<string?, byte[]> _consumer;
    private readonly ProcessorState _state;
    private readonly ProcessorOptions _options;
    private readonly ILogger<MicroBatchConsumer> _logger;
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly LagSampler _lag = new();
    private readonly ProcessingSwitch _processing;
    private readonly GapReporter _gaps;
    private readonly BatchCommitter _committer;
    private readonly OperatorRequests _operators;
    private readonly PipelinedWrites _writes;
    private readonly BatchCollector _collector;
    private readonly CollectedBatch _batch;
    /// <summary>Set by an assignment: partitions paused during a MongoDB outage stay paused in librdkafka when they come back.</summary>
    private bool _resumeAssigned;

    public MicroBatchConsumer(
        IConsumer<string?, byte[]> consumer,
        MicroBatchWriter writer,
        ProcessorState state,
        ProcessingSwitch processing,
        ProcessorMetrics metrics,
        IOptions<ProcessorOptions> options,
        ILogger<MicroBatchConsumer> logger)
    {
        _consumer = consumer;
        _state = state;
        _options = options.Value;
        _logger = logger;
        _gaps = new GapReporter(metrics, state, logger);
        _operators = new OperatorRequests(consumer, processing, state, logger);
        var committer = new BatchCommitter(consumer, _lag, metrics, state, logger);
        _writes = new PipelinedWrites(consumer, writer.WriteAsync, committer, _assigned, metrics, state, _options, logger);
        _collector = new BatchCollector(consumer, _writes.InFlight, _gaps, _options, logger);
        _batch = new CollectedBatch(_options.MaxBatchSize);
        _processing = processing;
        _committer = committer;
    }

    /// <summary>Wires the rebalance handlers; called while the consumer is built.</summary>
    /// <remarks>
    /// Confluent.Kafka's <c>Set*Handler</c> calls only store the delegates; <c>Build</c> registers them with librdkafka
    /// in its own fixed order, so the order of these lines does not matter.
    /// </remarks>
    internal static void ConfigureRebalanceHandlers(IServiceProvider services, ConsumerBuilder<string?, byte[]> builder)
    {
        // The handlers need the running instance; it is resolved lazily because the consumer is built first.
        builder.SetPartitionsAssignedHandler((c, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnAssigned(c, partitions));
        builder.SetPartitionsRevokedHandler((_, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnRevoked(partitions.Select(p => p.TopicPartition)));
        builder.SetPartitionsLostHandler((_, partitions) => services.GetRequiredService<MicroBatchConsumer>().OnRevoked(partitions.Select(p => p.TopicPartition), lost: true));
    }

    public override void Dispose()
    {
        _writes.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: give the loop its own thread instead of a thread-pool worker.
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // Shutdown lets the writes in hand finish, up to the drain timeout.
        using var onStop = stoppingToken.Register(() => _writes.DrainWithin(DrainTimeout));
        _processing.WaitForFirstRead(TimeSpan.FromSeconds(5), stoppingToken);
        _consumer.Subscribe(_options.Topic);
        _logger.LogInformation("Consuming {Topic} as group {Group}: batches of up to {Size} messages or {Wait} ms.",
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
                    _logger.LogWarning("Kafka call failed ({Reason}); retrying.", e.Error.Reason);
                    stoppingToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
                }
            }
            // Shutting down: write what is in hand (the writes in flight and the batch collected meanwhile) and commit it.
            _writes.FinishAll(stoppingToken);
            _logger.LogInformation("Stopped consuming; in-flight batches written and committed.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _logger.LogWarning("Shutdown: a batch could not be written within {Timeout} s; it was not committed and will be consumed again.",
                DrainTimeout.TotalSeconds);
        }
        finally
        {
            _writes.AbandonAll();
            try
            {
                _consumer.Close(); // leave the group now so the partitions move without waiting for a timeout
            }
            catch (KafkaException e)
            {
                _logger.LogWarning("Leaving the consumer group failed: {Reason}", e.Error.Reason);
            }
        }
    }

    /// <summary>One turn of the loop: follow the operators, collect, commit what finished, start the next write, sample lag.</summary>
    private void Step(CancellationToken stoppingToken)
    {
        _operators.FollowPause();
        if (_operators.TakeNewRewind(ownsPartitions: _assigned.Count > 0) is { } rewind)
        {
            ApplyRewind(rewind, stoppingToken);
        }
        if (_resumeAssigned)
        {
            // Outside the retry (which pauses what it needs): a partition lost while paused and assigned again would
            // otherwise never be fetched again.
            if (!_operators.Paused)
            {
                _consumer.Resume(_consumer.Assignment);
            }
            _resumeAssigned = false;
        }
        _collector.Collect(_batch, stoppingToken);
        _writes.FinishCompleted(stoppingToken);
        // An idle pipeline takes any batch; a busy one only a full batch (or everything, when stopping).
        var inFlight = _writes.InFlight;
        if (_batch.HasContent && (inFlight.Count == 0 || _batch.IsFull || stoppingToken.IsCancellationRequested))
        {
            while (inFlight.Count > 0 && inFlight.MustFinishOldestBefore(_batch.Documents))
            {
                _writes.FinishOldest(stoppingToken);
            }
            _writes.Start(_batch.Take());
        }
        SampleLag();
    }

    /// <summary>
    /// Applies a rewind to the partitions this instance owns: everything in flight is written and committed first, the
    /// moved partitions' part of the batch being collected is dropped (it is read again), then each partition is set back
    /// (<see cref="RewindApplier"/>) with a seek and a commit, so a restart or the next owner also starts there. The
    /// upserts make reading again change nothing but the stored-at times.
    /// </summary>
    private void ApplyRewind(RewindRequest request, CancellationToken stoppingToken)
    {
        _writes.FinishAll(stoppingToken);
        var plan = RewindApplier.Apply(_consumer, [.. _assigned], request);
        _batch.DropPartitions(plan.Moves.Select(m => m.TopicPartition).ToHashSet());
        foreach (var move in plan.Moves)
        {
            _gaps.Expect(move.TopicPartition, move.Offset.Value);
        }
        _state.RewindApplied(request.Id, plan.Messages);
        _logger.LogInformation("Rewind {Id} by {By}: {Messages} messages of {Partitions} partitions to be read again.",
            request.Id, request.By, plan.Messages, plan.Moves.Count);
    }

    private void OnAssigned(IConsumer<string?, byte[]> c, List<TopicPartition> partitions)
    {
        _logger.LogInformation("Assigned {Partitions}.", string.Join(", ", partitions.Select(p => p.Partition.Value)));
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
            _logger.LogWarning("Could not read committed offsets ({Reason}); gap detection starts at the first message.", e.Error.Reason);
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
        _logger.LogInformation("{What} {Partitions}.", lost ? "Lost" : "Revoked", string.Join(", ", revoked.Select(p => p.Partition.Value)));
        var settled = _writes.InFlight.SettleForRebalance(revoked, lost, _committer.Commit);
        foreach (var e in settled.NotCommitted)
        {
            _logger.LogWarning("A batch in flight was not committed before the rebalance ({Error}); it will be consumed again.", e.Message);
        }
        _batch.PutBackAhead(settled.CollectAgain);
        foreach (var p in revoked)
        {
            _assigned.Remove(p);
            _gaps.Forget(p);
        }
        _batch.KeepOwned(_assigned);
    }

    /// <summary>Samples the lag once a second, from the broker while fetching is paused (<see cref="PartitionOffsetsReader"/>).</summary>
    private void SampleLag()
    {
        var now = DateTime.UtcNow;
        if (!_lag.TryStart(now))
        {
            return;
        }
        var askBroker = _operators.Paused || _state.Failure is not null;
        if (PartitionOffsetsReader.TryRead(_consumer, _assigned, askBroker, _logger) is { } offsets)
        {
            var sample = _lag.Sample(offsets, now);
            _state.LagSampled(sample.ByPartition, sample.ProducedOffsets, sample.OldestUnwritten);
        }
    }
}
