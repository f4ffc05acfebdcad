using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Admission;

/// <summary>Degraded while the API sheds load (it still answers, and Kafka is fine: the processor is behind).</summary>
internal sealed class AdmissionHealthCheck(AdmissionGate gate, IOptions<AdmissionOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = gate.State;
        return Task.FromResult(state.Shedding
            ? HealthCheckResult.Degraded($"Shedding load since the processor is behind: {state.Describe(options.Value)}.")
            : HealthCheckResult.Healthy(state.ReadAt == DateTime.MinValue
                ? "Consumer lag not read yet."
                : $"Consumer lag {state.TotalLag} (worst partition {state.WorstLag}); the oldest unwritten document waits {state.OldestAge.TotalSeconds:0} s."));
    }
}
