namespace DocStream.AppHost.Hosting.MongoDB;

/// <summary>A MongoDB server resource, container or emulator: it can build a connection string for a database.</summary>
public interface IMongoDBServer : IResourceWithConnectionString
{
    /// <summary><c>mongodb://user:pass@host:port/[database]?authSource=admin&amp;authMechanism=SCRAM-SHA-256</c>.</summary>
    ReferenceExpression BuildConnectionString(string? databaseName);
}
