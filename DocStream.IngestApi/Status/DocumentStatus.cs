using System.Text.Json.Serialization;

namespace DocStream.IngestApi.Status;

/// <summary>
/// Where a document is: <c>stored</c> (in MongoDB, with where it was read and when it was stored),
/// <c>dead-lettered</c> (could never be stored, with the reason), <c>in-kafka</c> (acknowledged, not yet written,
/// with how many messages of its partition are ahead of it) or <c>unknown</c> (never acknowledged, or gone).
/// </summary>
public sealed record DocumentStatus(string Id, string State, string Detail)
{
    public const string Stored = "stored";
    public const string DeadLettered = "dead-lettered";
    public const string InKafka = "in-kafka";
    public const string Unknown = "unknown";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Partition { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Offset { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTime? StoredAt { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TraceId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTime? DeadLetteredAt { get; init; }
    /// <summary>Messages of the partition still to be written before this one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? LagAhead { get; init; }
}
