using DocStream.AppHost.Hosting.Emulators;
using DocStream.AppHost.Hosting.MongoDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// MongoDB resources, written here because Aspire.Hosting.MongoDB is not served; names follow it
/// (<c>AddMongoDB</c>, <c>AddDatabase</c>, <c>WithDataVolume</c>, <c>WithMongoExpress</c>).
/// </summary>
public static class MongoDBBuilderExtensions
{
    private const int MongoPort = 27017;

    /// <summary>MongoDB in a container (<c>mongo</c> image). Without a password parameter, a secret one is generated.</summary>
    public static IResourceBuilder<MongoDBServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name, int? port = null,
        IResourceBuilder<ParameterResource>? userName = null, IResourceBuilder<ParameterResource>? password = null)
    {
        var (user, pass) = Credentials(builder, name, userName, password);
        var mongo = new MongoDBServerResource(name, user, pass);
        return builder.AddResource(mongo)
            .WithEndpoint(targetPort: MongoPort, port: port, name: MongoDBServerResource.PrimaryEndpointName)
            .WithImage("mongo", "8.0")
            .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", user)
            .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", pass)
            .WithMongoHealthCheck();
    }

    /// <summary>MongoDB's development stand-in, durable in <paramref name="dataDirectory"/>, same credentials and connection string.</summary>
    public static IResourceBuilder<MongoDBEmulatorResource> AddMongoDBEmulator(this IDistributedApplicationBuilder builder, string name,
        string dataDirectory, IResourceBuilder<ParameterResource>? userName = null, IResourceBuilder<ParameterResource>? password = null)
    {
        var (user, pass) = Credentials(builder, name, userName, password);
        var (workingDirectory, args) = EmulatorLauncher.For<Projects.DocStream_MongoEmulator>();
        return builder.AddResource(new MongoDBEmulatorResource(name, workingDirectory, user, pass))
            .WithArgs(args)
            .WithEndpoint(name: MongoDBEmulatorResource.PrimaryEndpointName, scheme: "tcp", env: "PORT")
            .WithEnvironment("MONGO_EMULATOR_DATA_DIR", dataDirectory)
            .WithEnvironment("MONGO_EMULATOR_USERNAME", user)
            .WithEnvironment("MONGO_EMULATOR_PASSWORD", pass)
            .WithIconName("Database")
            .WithUrlForEndpoint(MongoDBEmulatorResource.PrimaryEndpointName, url => url.DisplayText = "MongoDB emulator (development stand-in)")
            .WithMongoHealthCheck()
            .ExcludeFromManifest();
    }

    /// <summary>A database on the server; its connection string names it (<c>ConnectionStrings__{name}</c>).</summary>
    public static IResourceBuilder<MongoDBDatabaseResource> AddDatabase<T>(this IResourceBuilder<T> builder, string name, string? databaseName = null)
        where T : IMongoDBServer
    {
        var database = new MongoDBDatabaseResource(name, databaseName ?? name, builder.Resource);
        // A database has no process of its own: it is waiting until its server is ready, then running.
        builder.OnResourceReady((_, e, _) => e.Services.GetRequiredService<ResourceNotificationService>()
            .PublishUpdateAsync(database, state => state with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow }));
        return builder.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "MongoDBDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("mongodb.database", database.DatabaseName)],
            })
            .WithMongoHealthCheck();
    }

    /// <summary>Keeps the data across container restarts.</summary>
    public static IResourceBuilder<MongoDBServerResource> WithDataVolume(this IResourceBuilder<MongoDBServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"docstream-{builder.Resource.Name}-data", "/data/db");

    /// <summary>
    /// The default write concern of every client that uses this server's connection strings (<c>w=</c> option):
    /// <c>majority</c> or a number of members. Code that sets its own (the processor's invoice writes: majority) keeps it.
    /// </summary>
    public static IResourceBuilder<MongoDBServerResource> WithWriteConcern(this IResourceBuilder<MongoDBServerResource> builder, string writeConcern)
    {
        builder.Resource.WriteConcern = MongoDBConnectionString.ValidateWriteConcern(writeConcern);
        return builder;
    }

    /// <summary>Adds Mongo Express (run mode only; not deployed).</summary>
    public static IResourceBuilder<MongoDBServerResource> WithMongoExpress(this IResourceBuilder<MongoDBServerResource> builder, int? hostPort = null)
    {
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return builder;
        }
        var mongo = builder.Resource;
        builder.ApplicationBuilder.AddResource(new MongoExpressContainerResource($"{mongo.Name}-express"))
            .WithImage("mongo-express", "1.0.2-20")
            .WithHttpEndpoint(targetPort: 8081, port: hostPort, name: "http")
            .WithEnvironment("ME_CONFIG_MONGODB_SERVER", mongo.Name)
            .WithEnvironment("ME_CONFIG_MONGODB_PORT", MongoPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("ME_CONFIG_MONGODB_ADMINUSERNAME", mongo.UserNameParameter)
            .WithEnvironment("ME_CONFIG_MONGODB_ADMINPASSWORD", mongo.PasswordParameter)
            .WithEnvironment("ME_CONFIG_BASICAUTH", "false")
            .WithParentRelationship(mongo)
            .WaitFor(builder)
            .ExcludeFromManifest();
        return builder;
    }

    private static (ParameterResource User, ParameterResource Password) Credentials(IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? userName, IResourceBuilder<ParameterResource>? password)
    {
        var user = userName?.Resource ?? builder.AddParameter($"{name}-username", "admin").Resource;
        var pass = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return (user, pass);
    }

    private static IResourceBuilder<T> WithMongoHealthCheck<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString
    {
        // One instance for the AppHost's life (it keeps its client), disposed with the AppHost's services.
        var key = $"{builder.Resource.Name}_mongodb_check";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddKeyedSingleton<IHealthCheck>(key, (_, _) => new MongoDBHealthCheck(resource));
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, sp => sp.GetRequiredKeyedService<IHealthCheck>(key), HealthStatus.Unhealthy, null));
        return builder.WithHealthCheck(key);
    }
}
