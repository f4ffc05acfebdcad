using System.Text.Json.Serialization;

namespace DocStream.IngestApi.Apis;

/// <summary>Answer of the batch route: one result per document, in request order.</summary>
public sealed record BatchResult(int Accepted, int Rejected, int Failed, IReadOnlyList<DocumentResult> Results);

/// <summary>
/// <c>accepted</c>: in Kafka. <c>rejected</c>: invalid, will never be accepted as sent (see <c>errors</c>).
/// <c>failed</c>: Kafka did not acknowledge; send it again (same id, no duplicate).
/// </summary>
public sealed record DocumentResult(
    int Index,
    string? Id,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    public const string AcceptedStatus = "accepted";
    public const string RejectedStatus = "rejected";
    public const string FailedStatus = "failed";

    /// <summary>Where an accepted document went in Kafka (for <c>GET /api/v1/documents/{id}</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Partition { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Offset { get; init; }
}
