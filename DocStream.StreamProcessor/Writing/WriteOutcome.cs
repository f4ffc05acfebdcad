namespace DocStream.StreamProcessor.Writing;

/// <summary>
/// Result of one bulk write: documents written, those MongoDB refused for good, and those refused with a duplicate
/// key on <c>_id</c> (a race between two writers of the same new id), which are worth another attempt.
/// </summary>
public sealed record WriteOutcome(int Written, IReadOnlyList<RefusedLine> Refused, IReadOnlyList<int> RetryLater);
