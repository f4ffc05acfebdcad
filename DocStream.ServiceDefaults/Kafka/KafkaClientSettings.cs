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

    /// <summary>
    /// Configuration for admin clients (health checks, topic creation): the bootstrap servers plus the
    /// connection and security settings (SASL/SSL for Event Hubs or Confluent Cloud), not producer or
    /// consumer tuning, which an admin client would only warn about.
    /// </summary>
    public Confluent.Kafka.AdminClientConfig ToAdminClientConfig()
    {
        var config = new Confluent.Kafka.AdminClientConfig { BootstrapServers = ConnectionString };
        foreach (var (key, value) in Config)
        {
            if (key.StartsWith("security.", StringComparison.Ordinal) || key.StartsWith("sasl.", StringComparison.Ordinal)
                || key.StartsWith("ssl.", StringComparison.Ordinal) || key.StartsWith("socket.", StringComparison.Ordinal)
                || key is "client.id" or "broker.address.family" or "client.dns.lookup")
            {
                config.Set(key, value);
            }
        }
        return config;
    }
    public bool DisableMetrics { get; set; }
    public bool DisableTracing { get; set; }
}
