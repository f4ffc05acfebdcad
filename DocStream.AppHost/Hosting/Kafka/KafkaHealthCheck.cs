using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.AppHost.Hosting.Kafka;

/// <summary>The AppHost's readiness check of a Kafka resource: a broker answers a metadata request.</summary>
internal sealed class KafkaHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bootstrap = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrEmpty(bootstrap))
        {
            return HealthCheckResult.Unhealthy("No connection string yet.");
        }
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 2000 })
                .SetLogHandler((_, _) => { })
                .Build();
            var metadata = await Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(2)), cancellationToken);
            return metadata.Brokers.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No broker.");
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy(e.Error.Reason);
        }
    }
}
