namespace DocStream.Dashboard.Data;

/// <summary>One processor instance's last report as the overview shows it, read from its stored schema (<see cref="DocStream.Contracts.ProcessorStatusDocument"/>).</summary>
public sealed record ProcessorStatus(
    string InstanceId, DateTime UpdatedAt, long DocumentsWritten, long Batches, int LastBatchSize, double LastBatchMs,
    double DocsPerSecond, long TotalLag, IReadOnlyDictionary<string, long> LagByPartition, long DeadLetters, long Gaps)
{
    /// <summary>Documents per second arriving in Kafka on this instance's partitions (the ingest rate).</summary>
    public double IngestPerSecond { get; init; }

    /// <summary>The instance has paused fetching on the operators' request.</summary>
    public bool Paused { get; init; }

    /// <summary>How long ago the oldest document not yet written was produced (0 when caught up).</summary>
    public double LagAgeSeconds { get; init; }
}
