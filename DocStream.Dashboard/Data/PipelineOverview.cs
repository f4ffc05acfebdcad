using DocStream.Contracts;

namespace DocStream.Dashboard.Data;

/// <summary>What the overview shows, read in one go.</summary>
public sealed record PipelineOverview(long DocumentsStored, long DeadLetters, IReadOnlyList<ProcessorStatus> Processors, DateTime ReadAt)
{
    /// <summary>Each ingest API instance's admission state, as it last published it.</summary>
    public IReadOnlyList<IngestAdmissionStatus> Ingest { get; init; } = [];
}
