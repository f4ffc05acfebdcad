using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.Contracts;

/// <summary>The last rewind a processor instance applied (<see cref="ProcessorStatusDocument.Rewind"/>): its request id and how many messages it set to be read again.</summary>
[BsonIgnoreExtraElements]
public sealed record ProcessorRewindReport
{
    [BsonElement("id")] public required string Id { get; init; }
    [BsonElement("messages")] public long Messages { get; init; }
    [BsonElement("at")] public DateTime At { get; init; }
}
