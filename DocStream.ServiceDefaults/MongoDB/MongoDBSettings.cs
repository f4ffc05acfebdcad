namespace Aspire.MongoDB.Driver;

/// <summary>
/// Settings of a MongoDB client, as in Aspire.MongoDB.Driver: bound from <c>Aspire:MongoDB:Driver</c>, then
/// <c>Aspire:MongoDB:Driver:{connectionName}</c>, then <c>ConnectionStrings:{connectionName}</c>.
/// </summary>
public sealed class MongoDBSettings
{
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }

    /// <summary>Milliseconds the health check waits for the server.</summary>
    public int? HealthCheckTimeout { get; set; }

    public bool DisableTracing { get; set; }
}
