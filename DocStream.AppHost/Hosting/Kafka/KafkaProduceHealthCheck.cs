using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// The check Aspire.Hosting.Kafka registers (HealthChecks.Kafka's, not served here): healthy when a message to
/// <c>healthchecks-topic</c> is acknowledged. A broker with <c>KAFKA_AUTO_CREATE_TOPICS_ENABLE=false</c> refuses it
/// unless the topic exists: DocStream opts into its metadata check instead (see docs/official-integrations.md).
/// </summary>
internal sealed class KafkaProduceHealthCheck(IResourceWithConnectionString resource) : IHealthCheck, IDisposable
{
    internal const string Topic = "healthchecks-topic";

    private readonly Lock _gate = new();
    private IProducer<string, string>? _producer;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bootstrap = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrEmpty(bootstrap))
        {
            return HealthCheckResult.Unhealthy("No connection string yet.");
        }
        try
        {
            var result = await ProducerFor(bootstrap).ProduceAsync(Topic,
                new Message<string, string> { Key = "healthcheck-key", Value = $"Check Kafka healthy on {DateTime.UtcNow:O}" }, cancellationToken);
            return result.Status == PersistenceStatus.NotPersisted
                ? new HealthCheckResult(context.Registration.FailureStatus, "Message is not persisted or a failure is raised on health check for Kafka.")
                : HealthCheckResult.Healthy();
        }
        catch (KafkaException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Error.Reason);
        }
    }

    private IProducer<string, string> ProducerFor(string bootstrap)
    {
        lock (_gate)
        {
            return _producer ??= new ProducerBuilder<string, string>(new ProducerConfig
            {
                BootstrapServers = bootstrap,
                SocketTimeoutMs = 1000,
                MessageTimeoutMs = 1000,
            }).SetLogHandler((_, _) => { }).Build();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _producer?.Dispose();
            _producer = null;
        }
    }
}
