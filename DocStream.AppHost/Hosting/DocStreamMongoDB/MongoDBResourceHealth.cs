using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.Hosting;

/// <summary>How every MongoDB resource kind (server, emulator, database) gets its ping check and, for a database, its state.</summary>
internal static class MongoDBResourceHealth
{
    /// <summary>One check instance for the AppHost's life (it keeps its client), disposed with the AppHost's services.</summary>
    public static IResourceBuilder<T> WithMongoPingHealthCheck<T>(this IResourceBuilder<T> builder, string key) where T : IResourceWithConnectionString
    {
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddKeyedSingleton<IHealthCheck>(key, (_, _) => new MongoDBPingHealthCheck(resource));
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, sp => sp.GetRequiredKeyedService<IHealthCheck>(key), HealthStatus.Unhealthy, null));
        return builder.WithHealthCheck(key);
    }

    /// <summary>
    /// Adds <paramref name="database"/> under its server: a database has no process of its own, so it is waiting until
    /// the server is ready, then running; healthy when a ping through its own connection string answers.
    /// </summary>
    public static IResourceBuilder<TDatabase> AddChildDatabase<TServer, TDatabase>(this IResourceBuilder<TServer> server, TDatabase database, string databaseName)
        where TServer : IResource
        where TDatabase : IResourceWithConnectionString
    {
        server.OnResourceReady((_, e, _) => e.Services.GetRequiredService<ResourceNotificationService>()
            .PublishUpdateAsync(database, state => state with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow }));
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "MongoDBDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("mongodb.database", databaseName)],
            })
            .WithMongoPingHealthCheck($"{database.Name}_check");
    }
}
