using Confluent.Kafka;

namespace Aspire.Confluent.Kafka;

/// <summary>
/// Settings of a Kafka producer, as in Aspire.Confluent.Kafka: bound from <c>Aspire:Confluent:Kafka:Producer</c>, then
/// <c>Aspire:Confluent:Kafka:Producer:{connectionName}</c>, then <c>ConnectionStrings:{connectionName}</c> (the bootstrap
/// servers). <see cref="Config"/> binds typed ProducerConfig properties: <c>Config:SaslMechanism</c>, <c>Config:LingerMs</c>.
/// </summary>
public sealed class KafkaProducerSettings
{
    /// <summary>Bootstrap servers, e.g. <c>localhost:9092</c>.</summary>
    public string? ConnectionString { get; set; }

    public ProducerConfig Config { get; } = new ProducerConfig();

    public bool DisableMetrics { get; set; }

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    /// <summary>The connection string becomes the bootstrap servers; metrics need librdkafka's statistics every second.</summary>
    internal void Consolidate()
    {
        if (ConnectionString is not null)
        {
            Config.BootstrapServers = ConnectionString;
        }
        if (!DisableMetrics)
        {
            Config.StatisticsIntervalMs ??= 1000;
        }
    }

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Config.BootstrapServers))
        {
            throw new InvalidOperationException("No bootstrap servers configured.");
        }
    }
}
