namespace DocStream.StreamProcessor.Writing;

/// <summary>A line MongoDB refused for good: its index in the written list, and why.</summary>
public sealed record RefusedLine(int Index, string Reason);
