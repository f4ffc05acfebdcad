using DocStream.ServiceDefaults.MongoDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The client half of Aspire.MongoDB.Driver (not served here), same method name: registers
/// <see cref="IMongoClient"/>, and <see cref="IMongoDatabase"/> when the connection string names a
/// database; adds a ping health check; command spans come from the driver's own OpenTelemetry source.
/// </summary>
public static class MongoDBClientExtensions
{
    private const string SectionName = "Aspire:MongoDB:Driver";

    public static void AddMongoDBClient(this IHostApplicationBuilder builder, string connectionName,
        Action<MongoDBClientSettings>? configureSettings = null,
        Action<MongoClientSettings>? configureClientSettings = null)
    {
        var settings = new MongoDBClientSettings();
        builder.Configuration.GetSection(SectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        configureSettings?.Invoke(settings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"No MongoDB connection string: set 'ConnectionStrings:{connectionName}' or '{SectionName}:ConnectionString'.");
        }

        var url = MongoUrl.Create(settings.ConnectionString);
        builder.Services.AddSingleton<IMongoClient>(_ =>
        {
            var clientSettings = MongoClientSettings.FromUrl(url);
            clientSettings.ApplicationName ??= builder.Environment.ApplicationName;
            if (settings.DisableTracing)
            {
                clientSettings.TracingOptions = new TracingOptions { Disabled = true };
            }
            configureClientSettings?.Invoke(clientSettings);
            return new MongoClient(clientSettings);
        });
        if (!string.IsNullOrEmpty(url.DatabaseName))
        {
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase(url.DatabaseName));
        }

        if (!settings.DisableHealthChecks)
        {
            var timeout = TimeSpan.FromMilliseconds(settings.HealthCheckTimeout ?? 3000);
            builder.TryAddSingletonHealthCheck("Aspire.MongoDB.Driver", sp => new MongoDBHealthCheck(sp.GetRequiredService<IMongoClient>(), timeout), ["ready"]);
        }
    }
}
