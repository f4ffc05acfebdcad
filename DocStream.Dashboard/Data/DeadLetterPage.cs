namespace DocStream.Dashboard.Data;

/// <summary>One page of dead letters and how many match the filter.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, long TotalCount);
