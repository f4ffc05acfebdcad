namespace DocStream.ServiceDefaults.MongoDB;

/// <summary>Settings bound from <c>Aspire:MongoDB:Driver</c>, then <c>ConnectionStrings:{name}</c>, as in Aspire.MongoDB.Driver.</summary>
public sealed class MongoDBClientSettings
{
    public string? ConnectionString { get; set; }
    public bool DisableHealthChecks { get; set; }
    public int? HealthCheckTimeout { get; set; }
    public bool DisableTracing { get; set; }
}
