namespace DocStream.Dashboard.Data;

/// <summary>A cheap reading of how far the stored lines have got, to tell whether the analytics need recomputing.</summary>
public interface IAnalyticsDataVersion
{
    /// <summary>
    /// An opaque token that differs whenever a line was stored, replaced or removed since an earlier reading (it may
    /// also differ when nothing did: that only costs a recomputation).
    /// </summary>
    Task<string> ReadAsync(CancellationToken cancellationToken);
}
