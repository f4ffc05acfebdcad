namespace DocStream.ServiceDefaults.Kafka;

/// <summary>
/// Settings of a Kafka producer or consumer, bound from <c>Aspire:Confluent:Kafka:Producer</c> or
/// <c>Aspire:Confluent:Kafka:Consumer</c> (the section names of Aspire.Confluent.Kafka), then from
/// <c>ConnectionStrings:{name}</c> (the bootstrap servers the AppHost injects).
/// <c>Config</c> takes librdkafka property names, e.g. <c>Aspire:Confluent:Kafka:Producer:Config:linger.ms</c>.
/// </summary>
public sealed class KafkaClientSettings
{
    /// <summary>Bootstrap servers, e.g. <c>localhost:9092</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Extra librdkafka properties.</summary>
    public Dictionary<string, string> Config { get; } = new(StringComparer.Ordinal);

    public bool DisableHealthChecks { get; set; }
    public bool DisableMetrics { get; set; }
    public bool DisableTracing { get; set; }
}
