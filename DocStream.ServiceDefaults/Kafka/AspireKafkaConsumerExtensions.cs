using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire.Confluent.Kafka's <c>AddConsumer</c> methods, written here because that package is not served: same overloads,
/// settings and configuration keys, so adding the package and deleting this folder is the whole swap
/// (docs/official-integrations.md). Registers a singleton <see cref="IConsumer{TKey, TValue}"/> (keyed: by its name), logs
/// librdkafka through <see cref="ILogger"/> and adds a health check.
/// </summary>
public static class AspireKafkaConsumerExtensions
{
    private const string DefaultConfigSectionName = "Aspire:Confluent:Kafka:Consumer";

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName) =>
        Add<TKey, TValue>(builder, null, null, connectionName, serviceKey: null);

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<KafkaConsumerSettings>? configureSettings) =>
        Add<TKey, TValue>(builder, configureSettings, null, connectionName, serviceKey: null);

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, Wrap(configureBuilder), connectionName, serviceKey: null);

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, configureBuilder, connectionName, serviceKey: null);

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<KafkaConsumerSettings>? configureSettings,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, Wrap(configureBuilder), connectionName, serviceKey: null);

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, configureBuilder, connectionName, serviceKey: null);

    public static void AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string name) =>
        Add<TKey, TValue>(builder, null, null, Named(name), serviceKey: name);

    public static void AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<KafkaConsumerSettings>? configureSettings) =>
        Add<TKey, TValue>(builder, configureSettings, null, Named(name), serviceKey: name);

    public static void AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, Wrap(configureBuilder), Named(name), serviceKey: name);

    public static void AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, configureBuilder, Named(name), serviceKey: name);

    public static void AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<KafkaConsumerSettings>? configureSettings,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, Wrap(configureBuilder), Named(name), serviceKey: name);

    public static void AddKeyedKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, configureBuilder, Named(name), serviceKey: name);

    private static void Add<TKey, TValue>(IHostApplicationBuilder builder, Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder, string connectionName, string? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new KafkaConsumerSettings();
        KafkaClientRegistration.Bind(builder.Configuration, DefaultConfigSectionName, connectionName, settings, settings.Config,
            connectionString => settings.ConnectionString = connectionString);
        configureSettings?.Invoke(settings);
        settings.Consolidate();

        KafkaClientRegistration.AddClient(builder.Services, serviceKey, sp =>
        {
            settings.Validate();
            var clientBuilder = new ConsumerBuilder<TKey, TValue>(settings.Config);
            var logger = KafkaClientRegistration.CreateLogger(sp);
            configureBuilder?.Invoke(sp, clientBuilder);
            try
            {
                clientBuilder.SetLogHandler((_, message) => KafkaClientRegistration.Log(logger, message));
            }
            catch (InvalidOperationException)
            {
                logger.LogWarning("LogHandler is already set. Skipping... No logs will be written.");
            }
            return clientBuilder.Build();
        });

        if (!settings.DisableHealthChecks)
        {
            var healthCheckName = serviceKey is null
                ? ConfluentKafkaCommon.ConsumerHealthCheckName
                : ConfluentKafkaCommon.KeyedConsumerHealthCheckName + connectionName;
            KafkaClientRegistration.AddHealthCheck(builder, healthCheckName, settings.Config);
        }
    }

    private static string Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }

    private static Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? Wrap<TKey, TValue>(Action<ConsumerBuilder<TKey, TValue>>? configure) =>
        configure is null ? null : (_, clientBuilder) => configure(clientBuilder);
}
