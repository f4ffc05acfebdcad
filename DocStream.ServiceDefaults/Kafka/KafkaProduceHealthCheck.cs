using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Confluent.Kafka;

/// <summary>
/// The check Aspire.Confluent.Kafka registers (HealthChecks.Kafka's, not served here): healthy when a message to
/// <c>healthchecks-topic</c> is acknowledged, with the client's own connection settings. A broker that creates no topic
/// on request refuses it unless the topic exists; DocStream's services opt into the metadata check instead
/// (<c>UseKafkaMetadataHealthChecks</c>, docs/official-integrations.md).
/// </summary>
internal sealed class KafkaProduceHealthCheck(ProducerConfig config) : IHealthCheck, IDisposable
{
    private const string Topic = "healthchecks-topic";

    private readonly Lazy<IProducer<string, string>> _producer = new(() => new ProducerBuilder<string, string>(config).Build());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await _producer.Value.ProduceAsync(Topic,
                new Message<string, string> { Key = "healthcheck-key", Value = $"Check Kafka healthy on {DateTime.UtcNow:O}" }, cancellationToken);
            return result.Status == PersistenceStatus.NotPersisted
                ? new HealthCheckResult(context.Registration.FailureStatus, "Message is not persisted or a failure is raised on health check for Kafka.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is KafkaException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message);
        }
    }

    /// <summary>The health check's producer: the client's settings, short timeouts, no statistics.</summary>
    public static ProducerConfig ConfigFrom(ClientConfig clientConfig) => new(clientConfig.ToDictionary(e => e.Key, e => e.Value))
    {
        SocketTimeoutMs = 1000,
        MessageTimeoutMs = 1000,
        StatisticsIntervalMs = 0,
    };

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Dispose();
        }
    }
}
