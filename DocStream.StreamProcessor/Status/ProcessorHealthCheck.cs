using DocStream.StreamProcessor.Control;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.StreamProcessor.Status;

/// <summary>Degraded while writes to MongoDB fail (fetching paused, retrying) or while an operator has paused processing.</summary>
internal sealed class ProcessorHealthCheck(ProcessorState state, ProcessingSwitch processing) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Failure is { } failure
            ? HealthCheckResult.Degraded($"Paused since {failure.Since:O}: MongoDB writes fail ({failure.Error}); retrying with backoff.")
            : state.OperatorPaused && processing.Current is { } asked
                ? HealthCheckResult.Degraded($"Paused by {asked.By} since {asked.Since:O}: nothing is fetched until an operator resumes; lag grows.")
                : HealthCheckResult.Healthy($"{state.DocumentsWritten} documents written in {state.Batches} batches."));
}
