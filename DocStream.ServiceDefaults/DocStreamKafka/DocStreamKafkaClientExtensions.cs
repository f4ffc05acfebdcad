using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>
/// DocStream's additions to the Kafka client integration, each an explicit opt-in that works the same on
/// Aspire.Confluent.Kafka: topics created at start, the metadata health check, fail-fast configuration errors,
/// statistics metrics and quieter client errors. They only read configuration and go through public hooks
/// (<c>configureBuilder</c>, the health check registrations), so they survive the swap.
/// </summary>
public static class DocStreamKafkaClientExtensions
{
    private const string OfficialHealthCheckPrefix = "Aspire.Confluent.Kafka.";

    /// <summary>
    /// Creates <paramref name="topics"/> at start when missing, with the connection and security settings of the
    /// producer (<c>Aspire:Confluent:Kafka:Producer</c>).
    /// </summary>
    public static void AddKafkaTopics(this IHostApplicationBuilder builder, string connectionName, params Confluent.Kafka.Admin.TopicSpecification[] topics)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = KafkaClientConfiguration.AdminConfig(builder.Configuration, KafkaClientConfiguration.ProducerSection, connectionName);
        builder.Services.AddSingleton<IHostedService>(sp => new KafkaTopicInitializer(config, topics, sp.GetRequiredService<ILogger<KafkaTopicInitializer>>()));
    }

    /// <summary>
    /// Replaces the official Kafka client checks (a produce to <c>healthchecks-topic</c>, which a broker with automatic
    /// topic creation off refuses) with one that asks for metadata: healthy when a broker answers. One check and admin
    /// client per registration for the life of the service. Call after the <c>AddKafka*</c> calls of
    /// <paramref name="connectionName"/>.
    /// </summary>
    public static void UseKafkaMetadataHealthChecks(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        foreach (var (role, section) in new[] { ("Producer", KafkaClientConfiguration.ProducerSection), ("Consumer", KafkaClientConfiguration.ConsumerSection) })
        {
            foreach (var name in new[] { OfficialHealthCheckPrefix + role, $"{OfficialHealthCheckPrefix}{role}_{connectionName}" })
            {
                var key = "DocStream.KafkaMetadataHealthCheck." + name;
                builder.Services.TryAddKeyedSingleton<IHealthCheck>(key,
                    (_, _) => new KafkaMetadataHealthCheck(KafkaClientConfiguration.AdminConfig(configuration, section, connectionName)));
                builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
                {
                    foreach (var registration in options.Registrations.Where(r => r.Name == name))
                    {
                        registration.Factory = sp => sp.GetRequiredKeyedService<IHealthCheck>(key);
                    }
                });
            }
        }
    }

    /// <summary>
    /// Stops the service at start, naming the key, where the official integration would go on with a setting ignored or
    /// fail only at the first use: no bootstrap servers, or a <c>Config</c> key that is no typed property.
    /// </summary>
    public static void ValidateKafkaConfiguration(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        KafkaClientConfiguration.ThrowOnUnknownConfigKeys(configuration, KafkaClientConfiguration.ProducerSection, connectionName, typeof(ProducerConfig));
        KafkaClientConfiguration.ThrowOnUnknownConfigKeys(configuration, KafkaClientConfiguration.ConsumerSection, connectionName, typeof(ConsumerConfig));
        if (string.IsNullOrWhiteSpace(KafkaClientConfiguration.AdminConfig(configuration, KafkaClientConfiguration.ProducerSection, connectionName).BootstrapServers))
        {
            throw new InvalidOperationException(
                $"No Kafka bootstrap servers: set 'ConnectionStrings:{connectionName}' or '{KafkaClientConfiguration.ProducerSection}:ConnectionString'.");
        }
    }

    /// <summary>Registers the statistics gauges (queue depth, lag...) that <see cref="WithDocStreamTelemetry{TKey, TValue}(ProducerBuilder{TKey, TValue}, IServiceProvider)"/> feeds.</summary>
    public static void AddKafkaStatisticsMetrics(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<KafkaStatisticsMetrics>();
    }

    /// <summary>
    /// For <c>configureBuilder</c>: librdkafka's statistics become <see cref="KafkaStatisticsMetrics"/> (emitted every second
    /// unless the settings' <c>DisableMetrics</c> is set), client errors are logged with reconnect noise at Debug.
    /// </summary>
    public static ProducerBuilder<TKey, TValue> WithDocStreamTelemetry<TKey, TValue>(this ProducerBuilder<TKey, TValue> builder, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metrics = services.GetRequiredService<KafkaStatisticsMetrics>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Confluent.Kafka.Producer");
        return builder.SetStatisticsHandler((_, json) => metrics.Record(json)).SetErrorHandler((_, e) => KafkaClientErrors.Log(logger, "producer", e));
    }

    /// <inheritdoc cref="WithDocStreamTelemetry{TKey, TValue}(ProducerBuilder{TKey, TValue}, IServiceProvider)"/>
    public static ConsumerBuilder<TKey, TValue> WithDocStreamTelemetry<TKey, TValue>(this ConsumerBuilder<TKey, TValue> builder, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metrics = services.GetRequiredService<KafkaStatisticsMetrics>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Confluent.Kafka.Consumer");
        return builder.SetStatisticsHandler((_, json) => metrics.Record(json)).SetErrorHandler((_, e) => KafkaClientErrors.Log(logger, "consumer", e));
    }
}
