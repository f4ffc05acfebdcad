using global::MongoDB.Bson;
using global::MongoDB.Driver;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.Hosting;

/// <summary>
/// The AppHost's readiness check of a MongoDB server or database resource: an authenticated <c>ping</c>. One client for the life of
/// the AppHost; a changed connection string replaces it and disposes the old one (its connection pool and
/// monitoring threads would otherwise live on).
/// </summary>
internal sealed class MongoDBPingHealthCheck(IResourceWithConnectionString resource) : IHealthCheck, IDisposable
{
    private static readonly BsonDocument Ping = new("ping", 1);
    private readonly Lock _gate = new();
    private MongoClient? _client;
    private string? _connectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrEmpty(connectionString))
        {
            return HealthCheckResult.Unhealthy("No connection string yet.");
        }
        try
        {
            await ClientFor(connectionString).GetDatabase("admin").RunCommandAsync<BsonDocument>(Ping, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }

    private MongoClient ClientFor(string connectionString)
    {
        lock (_gate)
        {
            if (_client is null || _connectionString != connectionString)
            {
                _client?.Dispose();
                var settings = MongoClientSettings.FromConnectionString(connectionString);
                settings.ServerSelectionTimeout = TimeSpan.FromSeconds(2);
                settings.ConnectTimeout = TimeSpan.FromSeconds(2);
                _client = new MongoClient(settings);
                _connectionString = connectionString;
            }
            return _client;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }
    }
}
