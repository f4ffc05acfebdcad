using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.Contracts;

/// <summary>
/// A document of <see cref="PipelineNames.ProcessorStatusCollection"/>: one processor instance's figures, replaced every
/// second by that instance and read by the dashboard's overview and the tests.
/// </summary>
[BsonIgnoreExtraElements]
public sealed record ProcessorStatusDocument
{
    [BsonId] public required string Instance { get; init; }
    [BsonElement("updatedAt")] public DateTime UpdatedAt { get; init; }
    [BsonElement("documentsWritten")] public long DocumentsWritten { get; init; }
    [BsonElement("batches")] public long Batches { get; init; }
    [BsonElement("lastBatchSize")] public int LastBatchSize { get; init; }
    [BsonElement("lastBatchMs")] public double LastBatchMs { get; init; }
    [BsonElement("docsPerSecond")] public double DocsPerSecond { get; init; }

    /// <summary>Documents per second arriving in Kafka on this instance's partitions (the ingest rate).</summary>
    [BsonElement("ingestPerSecond")] public double IngestPerSecond { get; init; }

    [BsonElement("totalLag")] public long TotalLag { get; init; }

    /// <summary>How long ago the oldest document not yet written was produced (0 when caught up).</summary>
    [BsonElement("lagAgeSeconds")] public double LagAgeSeconds { get; init; }

    /// <summary>Messages behind per partition, keyed by the partition number as text.</summary>
    [BsonElement("lagByPartition")] public Dictionary<string, long> LagByPartition { get; init; } = [];

    [BsonElement("deadLetters")] public long DeadLetters { get; init; }
    [BsonElement("gaps")] public long Gaps { get; init; }

    /// <summary>Why MongoDB writes fail; null while they succeed.</summary>
    [BsonElement("storeError")] public string? StoreError { get; init; }

    /// <summary>The instance has paused fetching on the operators' request.</summary>
    [BsonElement("paused")] public bool Paused { get; init; }

    /// <summary>The last rewind this instance applied; null before any.</summary>
    [BsonElement("rewind")] public ProcessorRewindReport? Rewind { get; init; }
}
