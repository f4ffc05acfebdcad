using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.Contracts;

/// <summary>
/// The switch an operator flips to pause processing (<see cref="PipelineNames.ControlCollection"/>, one document).
/// Every processor instance polls it; while <see cref="Paused"/> none fetches from Kafka, so lag grows and nothing is
/// lost: resuming continues from the committed offsets.
/// </summary>
public sealed class ProcessingControl
{
    public const string DocumentId = "processing";

    [BsonId]
    public string Id { get; set; } = DocumentId;

    [BsonElement("paused")]
    public bool Paused { get; set; }

    [BsonElement("changedAt")]
    public DateTime ChangedAt { get; set; }

    [BsonElement("changedBy")]
    public string ChangedBy { get; set; } = "";

    /// <summary>The last rewind asked for; each instance applies a request once, to the partitions it owns then.</summary>
    [BsonElement("rewind"), BsonIgnoreIfNull]
    public RewindRequest? Rewind { get; set; }
}

/// <summary>
/// Set the processor group's offsets back to a point in time (or to the earliest offset when <see cref="ToTime"/> is
/// null) so the documents from there are read and written again. Never forward: that would skip unwritten documents.
/// </summary>
public sealed class RewindRequest
{
    [BsonElement("id")]
    public string Id { get; set; } = "";

    [BsonElement("toTime"), BsonIgnoreIfNull]
    public DateTime? ToTime { get; set; }

    [BsonElement("requestedAt")]
    public DateTime RequestedAt { get; set; }

    [BsonElement("by")]
    public string By { get; set; } = "";

    /// <summary>
    /// Where each partition goes, as the dashboard's dry run found it for <see cref="ToTime"/> (a partition not listed
    /// stays). Null: each instance looks the offsets up itself (the earliest, or Kafka's time index).
    /// </summary>
    [BsonElement("offsets"), BsonIgnoreIfNull]
    public List<RewindOffset>? Offsets { get; set; }
}

public sealed class RewindOffset
{
    [BsonElement("partition")]
    public int Partition { get; set; }

    [BsonElement("offset")]
    public long Offset { get; set; }
}

/// <summary>One operator action, allowed or refused (<see cref="PipelineNames.AuditCollection"/>).</summary>
public sealed class OperatorAuditEntry
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("at")]
    public DateTime At { get; set; }

    [BsonElement("by")]
    public string By { get; set; } = "";

    [BsonElement("action")]
    public string Action { get; set; } = "";

    [BsonElement("detail")]
    public string Detail { get; set; } = "";

    /// <summary><c>done</c>, <c>refused</c> or <c>failed: …</c>.</summary>
    [BsonElement("result")]
    public string Result { get; set; } = "";
}

/// <summary>
/// One ingest API instance's admission state (<see cref="PipelineNames.IngestStatusCollection"/>), published every
/// second so the dashboard can say when the API sheds load and why.
/// </summary>
public sealed class IngestAdmissionStatus
{
    [BsonId]
    public string Instance { get; set; } = "";

    [BsonElement("updatedAt")]
    public DateTime UpdatedAt { get; set; }

    [BsonElement("shedding")]
    public bool Shedding { get; set; }

    [BsonElement("worstPartition")]
    public int WorstPartition { get; set; }

    [BsonElement("worstLag")]
    public long WorstLag { get; set; }

    [BsonElement("budget")]
    public long Budget { get; set; }

    /// <summary>How long the oldest document not yet stored has waited in Kafka.</summary>
    [BsonElement("oldestAgeSeconds")]
    public double OldestAgeSeconds { get; set; }

    /// <summary>The age budget (zero: none).</summary>
    [BsonElement("ageBudgetSeconds")]
    public double AgeBudgetSeconds { get; set; }

    /// <summary>Which budget is exceeded while shedding: <c>messages</c> or <c>age</c>.</summary>
    [BsonElement("cause"), BsonIgnoreIfNull]
    public string? Cause { get; set; }
}
