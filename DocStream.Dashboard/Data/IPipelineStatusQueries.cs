namespace DocStream.Dashboard.Data;

/// <summary>Pipeline health: documents stored, dead letters, processor instances' reports.</summary>
public interface IPipelineStatusQueries
{
    Task<PipelineOverview> GetOverviewAsync(CancellationToken cancellationToken = default);
}
