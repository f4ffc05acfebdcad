using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>Healthy when a broker answers a metadata request within the check's timeout.</summary>
internal sealed class KafkaMetadataHealthCheck(AdminClientConfig config) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Lazy<IAdminClient> _admin = new(() =>
    {
        config.SocketTimeoutMs ??= 3000;
        // A health probe must not spam the log while the broker is down.
        config.LogConnectionClose = false;
        return new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
    });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // GetMetadata blocks: keep it off the request thread.
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(Timeout), cancellationToken);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s), {metadata.Topics.Count} topic(s)")
                : HealthCheckResult.Unhealthy("No broker in the metadata.");
        }
        catch (KafkaException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Kafka at {config.BootstrapServers} did not answer: {e.Error.Reason}");
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
