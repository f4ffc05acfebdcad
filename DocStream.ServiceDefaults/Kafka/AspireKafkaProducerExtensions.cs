using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire.Confluent.Kafka's <c>AddProducer</c> methods, written here because that package is not served: same overloads,
/// settings and configuration keys, so adding the package and deleting this folder is the whole swap
/// (docs/official-integrations.md). Registers a singleton <see cref="IProducer{TKey, TValue}"/> (keyed: by its name), logs
/// librdkafka through <see cref="ILogger"/> and adds a health check.
/// </summary>
public static class AspireKafkaProducerExtensions
{
    private const string DefaultConfigSectionName = "Aspire:Confluent:Kafka:Producer";

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName) =>
        Add<TKey, TValue>(builder, null, null, connectionName, serviceKey: null);

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<KafkaProducerSettings>? configureSettings) =>
        Add<TKey, TValue>(builder, configureSettings, null, connectionName, serviceKey: null);

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, Wrap(configureBuilder), connectionName, serviceKey: null);

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, configureBuilder, connectionName, serviceKey: null);

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<KafkaProducerSettings>? configureSettings,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, Wrap(configureBuilder), connectionName, serviceKey: null);

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, configureBuilder, connectionName, serviceKey: null);

    public static void AddKeyedKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string name) =>
        Add<TKey, TValue>(builder, null, null, Named(name), serviceKey: name);

    public static void AddKeyedKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<KafkaProducerSettings>? configureSettings) =>
        Add<TKey, TValue>(builder, configureSettings, null, Named(name), serviceKey: name);

    public static void AddKeyedKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, Wrap(configureBuilder), Named(name), serviceKey: name);

    public static void AddKeyedKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, null, configureBuilder, Named(name), serviceKey: name);

    public static void AddKeyedKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<KafkaProducerSettings>? configureSettings,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, Wrap(configureBuilder), Named(name), serviceKey: name);

    public static void AddKeyedKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string name, Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder) =>
        Add<TKey, TValue>(builder, configureSettings, configureBuilder, Named(name), serviceKey: name);

    private static void Add<TKey, TValue>(IHostApplicationBuilder builder, Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder, string connectionName, string? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new KafkaProducerSettings();
        KafkaClientRegistration.Bind(builder.Configuration, DefaultConfigSectionName, connectionName, settings, settings.Config,
            connectionString => settings.ConnectionString = connectionString);
        configureSettings?.Invoke(settings);
        settings.Consolidate();

        KafkaClientRegistration.AddClient(builder.Services, serviceKey, sp =>
        {
            settings.Validate();
            var clientBuilder = new ProducerBuilder<TKey, TValue>(settings.Config);
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
                ? ConfluentKafkaCommon.ProducerHealthCheckName
                : ConfluentKafkaCommon.KeyedProducerHealthCheckName + connectionName;
            KafkaClientRegistration.AddHealthCheck(builder, healthCheckName, settings.Config);
        }
    }

    private static string Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }

    private static Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? Wrap<TKey, TValue>(Action<ProducerBuilder<TKey, TValue>>? configure) =>
        configure is null ? null : (_, clientBuilder) => configure(clientBuilder);
}
