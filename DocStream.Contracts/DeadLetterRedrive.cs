using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.Contracts;

/// <summary>The re-drive marks on a <see cref="DeadLetterDocument"/>, under <see cref="DeadLetterRedriveFields.Field"/>; the dashboard updates them field by field (<see cref="DeadLetterRedriveFields"/>).</summary>
[BsonIgnoreExtraElements]
public sealed record DeadLetterRedrive
{
    /// <summary>How many times this record was produced again.</summary>
    [BsonElement("count")] public int Count { get; init; }

    /// <summary>Re-drives that led to this record's message (0 for a first failure): the loop guard's measure.</summary>
    [BsonElement("lineage")] public int Lineage { get; init; }

    [BsonElement("lastAt"), BsonIgnoreIfNull] public DateTime? LastAt { get; init; }
    [BsonElement("lastBy"), BsonIgnoreIfNull] public string? LastBy { get; init; }

    /// <summary><c>produced</c>, <c>invalid: …</c> or <c>failed: …</c>.</summary>
    [BsonElement("lastResult"), BsonIgnoreIfNull] public string? LastResult { get; init; }

    /// <summary>The document id it was produced with (kept, or derived from the dead letter's id).</summary>
    [BsonElement("documentId"), BsonIgnoreIfNull] public string? DocumentId { get; init; }

    [BsonElement("lastPartition"), BsonIgnoreIfNull] public int? LastPartition { get; init; }
    [BsonElement("lastOffset"), BsonIgnoreIfNull] public long? LastOffset { get; init; }

    /// <summary>The dead-letter ids a failing copy would get (<c>topic:partition:offset</c> of each produced copy).</summary>
    [BsonElement("producedTo"), BsonIgnoreIfNull] public string[]? ProducedTo { get; init; }
}
