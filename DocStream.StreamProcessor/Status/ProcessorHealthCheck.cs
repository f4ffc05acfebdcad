using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.StreamProcessor.Status;

/// <summary>Degraded while writes to MongoDB fail (the processor is paused and retrying).</summary>
internal sealed class ProcessorHealthCheck(ProcessorState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Failure is { } failure
            ? HealthCheckResult.Degraded($"Paused since {failure.Since:O}: MongoDB writes fail ({failure.Error}); retrying with backoff.")
            : HealthCheckResult.Healthy($"{state.DocumentsWritten} documents written in {state.Batches} batches."));
}
