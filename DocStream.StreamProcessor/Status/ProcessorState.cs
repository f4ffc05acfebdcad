namespace DocStream.StreamProcessor.Status;

/// <summary>
/// What the processor is doing now: written by the consumer loop and its writes, read by the health check and the
/// status reporter on other threads. Counters are atomic; values that belong together (a batch's size and time, an
/// error and since when, lag and end offsets) are published as one immutable snapshot, so no reader sees half of one.
/// </summary>
public sealed class ProcessorState
{
    private long _documentsWritten;
    private long _batches;
    private long _deadLetters;
    private long _gaps;
    private volatile LastBatch _lastBatch = new(0, 0);
    private volatile StoreFailure? _storeFailure;
    private volatile LagSample _lag = new(new Dictionary<int, long>(), 0, TimeSpan.Zero);
    private volatile bool _operatorPaused;

    /// <summary>Size and write time of the last batch written.</summary>
    public sealed record LastBatch(int Size, double Milliseconds);

    /// <summary>Why MongoDB writes fail, and since when (the first failure of the outage).</summary>
    public sealed record StoreFailure(string Error, DateTime Since);

    /// <param name="ProducedOffsets">Sum of the end offsets of this instance's partitions: messages ever written to them (for the ingest rate).</param>
    /// <param name="OldestUnwritten">How long ago the oldest message not yet written was produced (zero when caught up).</param>
    public sealed record LagSample(IReadOnlyDictionary<int, long> ByPartition, long ProducedOffsets, TimeSpan OldestUnwritten);

    public long DocumentsWritten => Interlocked.Read(ref _documentsWritten);
    public long Batches => Interlocked.Read(ref _batches);
    public long DeadLetters => Interlocked.Read(ref _deadLetters);
    public long Gaps => Interlocked.Read(ref _gaps);
    public LastBatch Last => _lastBatch;

    /// <summary>Null while writes succeed.</summary>
    public StoreFailure? Failure => _storeFailure;

    public LagSample Lag => _lag;

    /// <summary>True once the consumer loop has paused fetching on the operators' request (not merely been asked to).</summary>
    public bool OperatorPaused => _operatorPaused;

    public void SetOperatorPaused(bool paused) => _operatorPaused = paused;

    /// <summary>The last rewind this instance applied: its id and how many messages it set to be read again.</summary>
    public sealed record AppliedRewind(string Id, long Messages, DateTime At);

    private volatile AppliedRewind? _rewind;

    public AppliedRewind? Rewind => _rewind;

    public void RewindApplied(string id, long messages) => _rewind = new AppliedRewind(id, messages, DateTime.UtcNow);

    public void BatchWritten(int size, double ms)
    {
        Interlocked.Add(ref _documentsWritten, size);
        Interlocked.Increment(ref _batches);
        _lastBatch = new LastBatch(size, ms);
        _storeFailure = null;
    }

    public void DeadLettered(int count) => Interlocked.Add(ref _deadLetters, count);

    public void GapFound(long messages) => Interlocked.Add(ref _gaps, messages);

    public void StoreFailing(string error) => _storeFailure = new StoreFailure(error, _storeFailure?.Since ?? DateTime.UtcNow);

    public void LagSampled(IReadOnlyDictionary<int, long> byPartition, long producedOffsets, TimeSpan oldestUnwritten) =>
        _lag = new LagSample(byPartition, producedOffsets, oldestUnwritten);
}
