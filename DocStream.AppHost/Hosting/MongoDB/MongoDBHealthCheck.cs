using global::MongoDB.Bson;
using global::MongoDB.Driver;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.AppHost.Hosting.MongoDB;

/// <summary>The AppHost's readiness check of a MongoDB resource: an authenticated <c>ping</c>.</summary>
internal sealed class MongoDBHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    private MongoClient? _client;
    private string? _connectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrEmpty(connectionString))
        {
            return HealthCheckResult.Unhealthy("No connection string yet.");
        }
        if (_client is null || _connectionString != connectionString)
        {
            var settings = MongoClientSettings.FromConnectionString(connectionString);
            settings.ServerSelectionTimeout = TimeSpan.FromSeconds(2);
            settings.ConnectTimeout = TimeSpan.FromSeconds(2);
            _client = new MongoClient(settings);
            _connectionString = connectionString;
        }
        try
        {
            await _client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
