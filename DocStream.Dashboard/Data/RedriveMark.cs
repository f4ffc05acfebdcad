namespace DocStream.Dashboard.Data;

/// <summary>The re-drive marks of a dead letter (<see cref="DocStream.Contracts.DeadLetterRedriveFields"/>).</summary>
public sealed record RedriveMark(
    int Count, int Lineage, DateTime? LastAt, string? LastBy, string? LastResult, string? DocumentId, int? LastPartition, long? LastOffset);
