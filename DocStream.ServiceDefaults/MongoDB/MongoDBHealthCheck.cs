using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.ServiceDefaults.MongoDB;

/// <summary>Healthy when the server answers <c>ping</c> within the timeout.</summary>
internal sealed class MongoDBHealthCheck(IMongoClient client, TimeSpan timeout) : IHealthCheck
{
    private static readonly BsonDocument Ping = new("ping", 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
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
