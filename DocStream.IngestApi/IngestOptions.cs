using System.ComponentModel.DataAnnotations;
using DocStream.Contracts;

namespace DocStream.IngestApi;

/// <summary>Settings of the ingest API (section <c>Ingest</c>), validated at start.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Secret every client sends in <c>X-Api-Key</c>. The AppHost passes its secret parameter.</summary>
    [Required(ErrorMessage = "Set Ingest:ApiKey (the AppHost passes the 'ingest-api-key' parameter).")]
    [MinLength(16)]
    public string ApiKey { get; set; } = "";

    [Required]
    public string Topic { get; set; } = PipelineNames.IngestTopic;

    /// <summary>Most documents accepted in one batch request.</summary>
    [Range(1, 100_000)]
    public int MaxBatchDocuments { get; set; } = 5000;

    /// <summary>Largest body of the single-document routes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxDocumentBytes { get; set; } = 64 * 1024;

    /// <summary>Largest body of the batch route.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long a request waits for Kafka's acknowledgement before answering 503.</summary>
    [Range(100, 60_000)]
    public int AcknowledgementTimeoutMs { get; set; } = 1500;

    /// <summary>Token-bucket rate per API key (requests per second); beyond it 429.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecondPerKey { get; set; } = 20_000;

    /// <summary>Document-status lookups (<c>GET /api/v1/documents/{id}</c>) running at once.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentStatusLookups { get; set; } = 8;

    /// <summary>Lookups waiting for a turn; beyond them the route answers 503 with Retry-After.</summary>
    [Range(0, 10_000)]
    public int MaxQueuedStatusLookups { get; set; } = 32;
}
