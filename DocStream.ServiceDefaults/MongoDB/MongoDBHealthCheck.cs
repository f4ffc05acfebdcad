using Microsoft.Extensions.Diagnostics.HealthChecks;
using global::MongoDB.Bson;
using global::MongoDB.Driver;

namespace Aspire.MongoDB.Driver;

/// <summary>Healthy when the server answers <c>ping</c> within the timeout (no timeout when null).</summary>
internal sealed class MongoDBHealthCheck(IMongoClient client, TimeSpan? timeout) : IHealthCheck
{
    private static readonly BsonDocument Ping = new("ping", 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            cts.CancelAfter(limit);
        }
        try
        {
            await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(Ping, cancellationToken: cts.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"MongoDB did not answer ping: {e.Message}");
        }
    }
}
