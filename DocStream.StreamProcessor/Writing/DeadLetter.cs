using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.StreamProcessor.Writing;

/// <summary>
/// A message that can never be written (kind <c>poison</c>) or a range of offsets lost before it was
/// consumed (kind <c>gap</c>). Stored in <c>dead_letters</c> with an id derived from its position, so
/// dead-lettering the same message again after a crash stores it once.
/// </summary>
public sealed record DeadLetter
{
    public const string PoisonKind = "poison";
    public const string GapKind = "gap";

    [BsonId] public required string Id { get; init; }
    [BsonElement("kind")] public required string Kind { get; init; }
    [BsonElement("reason")] public required string Reason { get; init; }
    [BsonElement("topic")] public required string Topic { get; init; }
    [BsonElement("partition")] public required int Partition { get; init; }
    [BsonElement("offset")] public required long Offset { get; init; }
    [BsonElement("lastOffset")] public long? LastOffset { get; init; }
    [BsonElement("key")] public string? Key { get; init; }
    /// <summary>The document id the message carried (its <c>docstream-id</c> header), when it had one.</summary>
    [BsonElement("documentId"), BsonIgnoreIfNull] public string? DocumentId { get; init; }
    /// <summary>The original message value as text (UTF-8, invalid bytes replaced); <see cref="ValueBase64"/> keeps the exact bytes.</summary>
    [BsonElement("value")] public string? Value { get; init; }
    [BsonElement("valueBase64")] public string? ValueBase64 { get; init; }
    [BsonElement("receivedAt")] public required DateTime ReceivedAt { get; init; }
}
