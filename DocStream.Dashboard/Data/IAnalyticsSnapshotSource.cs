namespace DocStream.Dashboard.Data;

/// <summary>The last analytics snapshot kept in memory, for the pages; never queries on the caller's thread.</summary>
public interface IAnalyticsSnapshotSource
{
    /// <summary>The last good snapshot, or null before the first one finished.</summary>
    AnalyticsSnapshot? Current { get; }

    /// <summary>Why the last attempt failed (null when it succeeded or none finished yet).</summary>
    string? LastError { get; }

    /// <summary>Raised after each attempt, good or bad.</summary>
    event Action? Changed;
}
