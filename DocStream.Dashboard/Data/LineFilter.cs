namespace DocStream.Dashboard.Data;

/// <summary>Filters of the all-lines grid. Empty filter = all 541,909 lines.</summary>
public sealed record LineFilter
{
    public string? Country { get; init; }
    /// <summary>Inclusive start day (wall-clock date as stored).</summary>
    public DateTime? From { get; init; }
    /// <summary>Inclusive end day: lines up to the end of that day.</summary>
    public DateTime? To { get; init; }
    public bool CancellationsOnly { get; init; }
    public string? DescriptionContains { get; init; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Country) && From is null && To is null && !CancellationsOnly && string.IsNullOrWhiteSpace(DescriptionContains);
}
