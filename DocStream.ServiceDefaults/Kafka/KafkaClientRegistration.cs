using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Confluent.Kafka;

/// <summary>What producers and consumers register alike: settings binding, the client singleton, the log handler, the health check.</summary>
internal static class KafkaClientRegistration
{
    /// <summary>
    /// Binds <paramref name="sectionName"/>, then its <paramref name="connectionName"/> subsection; <c>Config</c> is
    /// bound by hand (the binder does not reach a get-only property's typed setters); the connection string wins.
    /// </summary>
    public static void Bind(IConfiguration configuration, string sectionName, string connectionName, object settings, ClientConfig config,
        Action<string> setConnectionString)
    {
        var section = configuration.GetSection(sectionName);
        var named = section.GetSection(connectionName);
        section.Bind(settings);
        named.Bind(settings);
        section.GetSection("Config").Bind(config);
        named.GetSection("Config").Bind(config);
        if (configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            setConnectionString(connectionString);
        }
    }

    public static void AddClient<TClient>(IServiceCollection services, string? serviceKey, Func<IServiceProvider, TClient> create)
        where TClient : class
    {
        if (serviceKey is null)
        {
            services.AddSingleton(create);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (sp, _) => create(sp));
        }
    }

    public static ILogger CreateLogger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(ConfluentKafkaCommon.LogCategoryName);

    /// <summary>librdkafka's log as the client's log, at the level librdkafka gives.</summary>
    public static void Log(ILogger logger, LogMessage message) =>
        logger.Log((LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging), message.Facility?.GetHashCode() ?? 0,
            message.Message, null, static (value, _) => value);

    /// <summary>One produce check per name for the life of the service; built from the client's config when first probed.</summary>
    public static void AddHealthCheck(IHostApplicationBuilder builder, string name, ClientConfig config) =>
        builder.TryAddSingletonHealthCheck(name, _ => new KafkaProduceHealthCheck(KafkaProduceHealthCheck.ConfigFrom(config)), []);
}
