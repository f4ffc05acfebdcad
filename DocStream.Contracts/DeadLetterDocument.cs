using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.Contracts;

/// <summary>
/// A document of <see cref="PipelineNames.DeadLettersCollection"/>: a message that can never be written (kind
/// <see cref="PoisonKind"/>) or a range of offsets lost before it was consumed (kind <see cref="GapKind"/>). The processor
/// writes it with an id derived from its position, so dead-lettering the same message again stores it once; the
/// dashboard reads it and adds the re-drive marks (<see cref="Redrive"/>).
/// </summary>
[BsonIgnoreExtraElements]
public sealed record DeadLetterDocument
{
    public const string PoisonKind = "poison";
    public const string GapKind = "gap";

    [BsonId] public required string Id { get; init; }
    [BsonElement("kind")] public required string Kind { get; init; }
    [BsonElement("reason")] public required string Reason { get; init; }
    [BsonElement("topic")] public required string Topic { get; init; }
    [BsonElement("partition")] public required int Partition { get; init; }
    [BsonElement("offset")] public required long Offset { get; init; }
    /// <summary>The last offset of a gap; null for a poison message.</summary>
    [BsonElement("lastOffset")] public long? LastOffset { get; init; }
    [BsonElement("key")] public string? Key { get; init; }
    /// <summary>The document id the message carried (its <c>docstream-id</c> header), when it had one.</summary>
    [BsonElement("documentId"), BsonIgnoreIfNull] public string? DocumentId { get; init; }
    /// <summary>The original message value as text (UTF-8, invalid bytes replaced); <see cref="ValueBase64"/> keeps the exact bytes.</summary>
    [BsonElement("value")] public string? Value { get; init; }
    [BsonElement("valueBase64")] public string? ValueBase64 { get; init; }
    [BsonElement("receivedAt")] public required DateTime ReceivedAt { get; init; }

    /// <summary>What operators did with it; written by the dashboard only, never by the processor (absent until a re-drive).</summary>
    [BsonElement(DeadLetterRedriveFields.Field), BsonIgnoreIfNull] public DeadLetterRedrive? Redrive { get; init; }
}
