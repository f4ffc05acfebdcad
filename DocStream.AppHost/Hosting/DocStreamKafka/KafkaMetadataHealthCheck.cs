using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.Hosting;

/// <summary>
/// DocStream's readiness check of a Kafka resource: a broker answers a metadata request (no topic needed, so it
/// works with automatic topic creation off, where the official check's produce to <c>healthchecks-topic</c> fails). One admin client for
/// the life of the AppHost (replaced, and the old one disposed, only if the connection string changes): the check
/// runs every few seconds, and a client per probe costs librdkafka threads and sockets each time.
/// </summary>
internal sealed class KafkaMetadataHealthCheck(IResourceWithConnectionString resource) : IHealthCheck, IDisposable
{
    private readonly Lock _gate = new();
    private IAdminClient? _admin;
    private string? _bootstrap;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bootstrap = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrEmpty(bootstrap))
        {
            return HealthCheckResult.Unhealthy("No connection string yet.");
        }
        try
        {
            var admin = AdminFor(bootstrap);
            var metadata = await Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(2)), cancellationToken);
            return metadata.Brokers.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No broker.");
        }
        catch (KafkaException e)
        {
            return HealthCheckResult.Unhealthy(e.Error.Reason);
        }
    }

    private IAdminClient AdminFor(string bootstrap)
    {
        lock (_gate)
        {
            if (_admin is null || _bootstrap != bootstrap)
            {
                _admin?.Dispose();
                _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 2000, LogConnectionClose = false })
                    .SetLogHandler((_, _) => { })
                    .Build();
                _bootstrap = bootstrap;
            }
            return _admin;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _admin?.Dispose();
            _admin = null;
        }
    }
}
