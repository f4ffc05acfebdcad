namespace DocStream.StreamProcessor.Status;

/// <summary>What the processor is doing now: read by the health check and the status reporter.</summary>
public sealed class ProcessorState
{
    private long _documentsWritten;
    private long _batches;
    private long _deadLetters;
    private long _gaps;

    public long DocumentsWritten => Interlocked.Read(ref _documentsWritten);
    public long Batches => Interlocked.Read(ref _batches);
    public long DeadLetters => Interlocked.Read(ref _deadLetters);
    public long Gaps => Interlocked.Read(ref _gaps);

    public volatile int LastBatchSize;
    public double LastBatchMs;
    public volatile string? StoreError;
    public DateTime? StoreErrorSince;
    public IReadOnlyDictionary<int, long> LagByPartition { get; set; } = new Dictionary<int, long>();

    /// <summary>Sum of the end offsets of this instance's partitions: messages ever written to them (for the ingest rate).</summary>
    public long ProducedOffsets { get; set; }

    public void BatchWritten(int size, double ms)
    {
        Interlocked.Add(ref _documentsWritten, size);
        Interlocked.Increment(ref _batches);
        LastBatchSize = size;
        LastBatchMs = ms;
        StoreError = null;
        StoreErrorSince = null;
    }

    public void DeadLettered(int count) => Interlocked.Add(ref _deadLetters, count);

    public void GapFound(long messages) => Interlocked.Add(ref _gaps, messages);

    public void StoreFailing(string error)
    {
        StoreErrorSince ??= DateTime.UtcNow;
        StoreError = error;
    }
}
