namespace DocStream.StreamProcessor.Writing;

/// <summary>Result of one bulk write: documents written, and those MongoDB refused for good with why.</summary>
public sealed record WriteOutcome(int Written, IReadOnlyList<(int Index, string Reason)> Refused, IReadOnlyList<int> RetryLater);
