using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.Contracts;

/// <summary>
/// Where a stored document came from, kept beside its documented fields as <c>_meta</c>: the Kafka partition and
/// offset it was read at, when it was stored, and the trace of the request that sent it. Never part of the API or
/// the Kafka message.
/// </summary>
public sealed record DocumentMeta(
    [property: BsonElement("partition")] int Partition,
    [property: BsonElement("offset")] long Offset,
    [property: BsonElement("storedAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime StoredAt,
    [property: BsonElement("traceId"), BsonIgnoreIfNull] string? TraceId);
