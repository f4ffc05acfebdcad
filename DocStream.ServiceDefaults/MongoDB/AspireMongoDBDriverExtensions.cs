using Aspire.MongoDB.Driver;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire.MongoDB.Driver's methods, written here because that package is not served: same overloads, settings and
/// configuration keys (docs/official-integrations.md). Registers <see cref="IMongoClient"/>, and
/// <see cref="IMongoDatabase"/> when the connection string names a database (keyed: by its name), and a ping health check.
/// </summary>
public static class AspireMongoDBDriverExtensions
{
    private const string DefaultConfigSectionName = "Aspire:MongoDB:Driver";

    public static void AddMongoDBClient(this IHostApplicationBuilder builder, string connectionName,
        Action<MongoDBSettings>? configureSettings = null, Action<MongoClientSettings>? configureClientSettings = null) =>
        Add(builder, configureSettings, configureClientSettings, connectionName, serviceKey: null);

    public static void AddKeyedMongoDBClient(this IHostApplicationBuilder builder, string name,
        Action<MongoDBSettings>? configureSettings = null, Action<MongoClientSettings>? configureClientSettings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Add(builder, configureSettings, configureClientSettings, name, serviceKey: name);
    }

    private static void Add(IHostApplicationBuilder builder, Action<MongoDBSettings>? configureSettings,
        Action<MongoClientSettings>? configureClientSettings, string connectionName, string? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new MongoDBSettings();
        var section = builder.Configuration.GetSection(DefaultConfigSectionName);
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        configureSettings?.Invoke(settings);

        Func<IServiceProvider, IMongoClient> createClient = sp => CreateClient(sp, settings, connectionName, configureClientSettings);
        Func<IServiceProvider, IMongoClient> resolveClient;
        if (serviceKey is null)
        {
            builder.Services.AddSingleton(createClient);
            resolveClient = sp => sp.GetRequiredService<IMongoClient>();
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (sp, _) => createClient(sp));
            resolveClient = sp => sp.GetRequiredKeyedService<IMongoClient>(serviceKey);
        }

        if (!string.IsNullOrWhiteSpace(settings.ConnectionString) && MongoUrl.Create(settings.ConnectionString).DatabaseName is { Length: > 0 } database)
        {
            if (serviceKey is null)
            {
                builder.Services.AddSingleton(sp => resolveClient(sp).GetDatabase(database));
            }
            else
            {
                builder.Services.AddKeyedSingleton(serviceKey, (sp, _) => resolveClient(sp).GetDatabase(database));
            }
        }

        if (!settings.DisableHealthChecks && !string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            // Keeps the name DocStream's checks had (the official one is "MongoDB.Driver"): docs/official-integrations.md.
            var healthCheckName = serviceKey is null ? "Aspire.MongoDB.Driver" : $"Aspire.MongoDB.Driver_{connectionName}";
            var timeout = settings.HealthCheckTimeout > 0 ? TimeSpan.FromMilliseconds(settings.HealthCheckTimeout.Value) : (TimeSpan?)null;
            builder.TryAddSingletonHealthCheck(healthCheckName, sp => new MongoDBHealthCheck(resolveClient(sp), timeout), []);
        }
    }

    private static MongoClient CreateClient(IServiceProvider services, MongoDBSettings settings, string connectionName,
        Action<MongoClientSettings>? configureClientSettings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionString is missing. It should be provided in 'ConnectionStrings:{connectionName}' or under the 'ConnectionString' key in '{DefaultConfigSectionName}' configuration section.");
        }
        var clientSettings = MongoClientSettings.FromConnectionString(settings.ConnectionString);
        if (settings.DisableTracing)
        {
            // The driver's own OpenTelemetry spans (ActivitySource "MongoDB.Driver"), on unless switched off here.
            clientSettings.TracingOptions = new TracingOptions { Disabled = true };
        }
        configureClientSettings?.Invoke(clientSettings);
        clientSettings.LoggingSettings ??= new LoggingSettings(services.GetService<ILoggerFactory>());
        return new MongoClient(clientSettings);
    }
}
