namespace DocStream.Dashboard.Data;

/// <summary>Runs the full-data aggregations (slow: seconds over 541,909 lines). Used only by the snapshot service.</summary>
public interface IAnalyticsQueries
{
    Task<AnalyticsSnapshot> ComputeAsync(CancellationToken cancellationToken = default);
}
