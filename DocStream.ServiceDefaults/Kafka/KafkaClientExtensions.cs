using Confluent.Kafka;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The client half of Aspire.Confluent.Kafka (not served here), with the same method names so the official
/// package can replace it: <c>AddKafkaProducer</c> and <c>AddKafkaConsumer</c> register a singleton client
/// configured from <c>ConnectionStrings:{name}</c> and <c>Aspire:Confluent:Kafka:*</c>, log librdkafka
/// through <see cref="ILogger"/>, export its statistics as metrics and add a health check.
/// </summary>
public static class KafkaClientExtensions
{
    private const string ProducerSection = "Aspire:Confluent:Kafka:Producer";
    private const string ConsumerSection = "Aspire:Confluent:Kafka:Consumer";

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaClientSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var settings = ReadSettings(builder.Configuration, ProducerSection, connectionName, configureSettings);
        var config = new ProducerConfig(settings.Config) { BootstrapServers = settings.ConnectionString };
        if (!settings.DisableMetrics)
        {
            config.StatisticsIntervalMs ??= 1000;
        }

        builder.Services.TryAddSingleton<KafkaStatisticsMetrics>();
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Confluent.Kafka.Producer");
            var producer = new ProducerBuilder<TKey, TValue>(config)
                .SetLogHandler((_, m) => LogLibrdkafka(logger, m))
                .SetErrorHandler((_, e) => LogClientError(logger, "producer", e));
            if (!settings.DisableMetrics)
            {
                var metrics = sp.GetRequiredService<KafkaStatisticsMetrics>();
                producer.SetStatisticsHandler((_, json) => metrics.Record(json));
            }
            configureBuilder?.Invoke(sp, producer);
            return producer.Build();
        });

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddSingletonHealthCheck("Aspire.Confluent.Kafka.Producer", _ => new KafkaHealthCheck(settings.ToAdminClientConfig()), ["ready"]);
        }
    }

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaClientSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var settings = ReadSettings(builder.Configuration, ConsumerSection, connectionName, configureSettings);
        var config = new ConsumerConfig(settings.Config) { BootstrapServers = settings.ConnectionString };
        if (string.IsNullOrWhiteSpace(config.GroupId))
        {
            throw new InvalidOperationException(
                $"A Kafka consumer needs a group id: set '{ConsumerSection}:Config:group.id' or set it in configureSettings.");
        }
        if (!settings.DisableMetrics)
        {
            config.StatisticsIntervalMs ??= 1000;
        }

        builder.Services.TryAddSingleton<KafkaStatisticsMetrics>();
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Confluent.Kafka.Consumer");
            var consumer = new ConsumerBuilder<TKey, TValue>(config)
                .SetLogHandler((_, m) => LogLibrdkafka(logger, m))
                .SetErrorHandler((_, e) => LogClientError(logger, "consumer", e));
            if (!settings.DisableMetrics)
            {
                var metrics = sp.GetRequiredService<KafkaStatisticsMetrics>();
                consumer.SetStatisticsHandler((_, json) => metrics.Record(json));
            }
            configureBuilder?.Invoke(sp, consumer);
            return consumer.Build();
        });

        if (!settings.DisableHealthChecks)
        {
            builder.TryAddSingletonHealthCheck("Aspire.Confluent.Kafka.Consumer", _ => new KafkaHealthCheck(settings.ToAdminClientConfig()), ["ready"]);
        }
    }

    /// <summary>
    /// Creates <paramref name="topics"/> at start when missing, with the same connection and security
    /// settings as the producer (<c>Aspire:Confluent:Kafka:Producer</c>).
    /// </summary>
    public static void AddKafkaTopics(this IHostApplicationBuilder builder, string connectionName, params Confluent.Kafka.Admin.TopicSpecification[] topics)
    {
        var settings = ReadSettings(builder.Configuration, ProducerSection, connectionName, null);
        builder.Services.AddSingleton<IHostedService>(sp => new KafkaTopicInitializer(
            settings.ToAdminClientConfig(), topics, sp.GetRequiredService<ILogger<KafkaTopicInitializer>>()));
    }

    private static KafkaClientSettings ReadSettings(IConfiguration configuration, string sectionName, string connectionName,
        Action<KafkaClientSettings>? configure)
    {
        var settings = new KafkaClientSettings();
        var section = configuration.GetSection(sectionName);
        section.Bind(settings);
        foreach (var entry in section.GetSection("Config").AsEnumerable(makePathsRelative: true))
        {
            if (entry.Value is not null)
            {
                settings.Config[entry.Key] = entry.Value;
            }
        }
        if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        configure?.Invoke(settings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"No Kafka bootstrap servers: set 'ConnectionStrings:{connectionName}' or '{sectionName}:ConnectionString'.");
        }
        return settings;
    }

    /// <summary>
    /// librdkafka reports every failed reconnect; those are Debug, so an outage shows as one warning
    /// ("all brokers down") rather than a flood. Fatal errors are errors.
    /// </summary>
    private static void LogClientError(ILogger logger, string client, Error error)
    {
        var level = error.IsFatal ? LogLevel.Error
            : error.Code is ErrorCode.Local_Transport or ErrorCode.Local_Resolve ? LogLevel.Debug
            : LogLevel.Warning;
        logger.Log(level, "Kafka {Client} error {Code}: {Reason}", client, error.Code, error.Reason);
    }

    private static void LogLibrdkafka(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "librdkafka {Facility}: {Message}", message.Facility, message.Message);
    }
}
