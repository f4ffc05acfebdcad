using System.ComponentModel.DataAnnotations;
using DocStream.Contracts;

namespace DocStream.Dashboard.Operations.Redrive;

/// <summary>Settings of the dead-letter re-drive (section <c>DocStream:Redrive</c>).</summary>
public sealed class RedriveOptions
{
    public const string Section = "DocStream:Redrive";

    /// <summary>Loop guard: a document dead-lettered again after this many re-drives is left out of bulk re-drives.</summary>
    [Range(1, 100)]
    public int MaxRedrives { get; set; } = 3;

    /// <summary>Where re-driven documents go: the topic the ingest API writes to.</summary>
    [Required]
    public string Topic { get; set; } = PipelineNames.IngestTopic;

    /// <summary>At most this many dead letters are taken by one "everything matching the filter".</summary>
    [Range(1, 100_000)]
    public int MaxBulk { get; set; } = 10_000;
}
