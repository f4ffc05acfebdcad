using DocStream.AppHost.Hosting.Emulators;

namespace DocStream.Hosting;

/// <summary>
/// DocStream's additions to the MongoDB hosting integration: the emulator and its databases, and a database whose
/// connection string carries the write concern. They use only what Aspire.Hosting.MongoDB exposes too, so they survive the swap.
/// </summary>
public static class DocStreamMongoDBBuilderExtensions
{
    /// <summary>MongoDB's development stand-in, durable in <paramref name="dataDirectory"/>, same credentials and connection string.</summary>
    public static IResourceBuilder<MongoDBEmulatorResource> AddMongoDBEmulator(this IDistributedApplicationBuilder builder, string name,
        string dataDirectory, IResourceBuilder<ParameterResource> userName, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        var (workingDirectory, args) = EmulatorLauncher.For<Projects.DocStream_MongoEmulator>();
        return builder.AddResource(new MongoDBEmulatorResource(name, workingDirectory, userName.Resource, password.Resource))
            .WithArgs(args)
            .WithEndpoint(name: MongoDBEmulatorResource.PrimaryEndpointName, scheme: "tcp", env: "PORT")
            .WithEnvironment("MONGO_EMULATOR_DATA_DIR", dataDirectory)
            .WithEnvironment("MONGO_EMULATOR_USERNAME", userName.Resource)
            .WithEnvironment("MONGO_EMULATOR_PASSWORD", password.Resource)
            .WithIconName("Database")
            .WithUrlForEndpoint(MongoDBEmulatorResource.PrimaryEndpointName, url => url.DisplayText = "MongoDB emulator (development stand-in)")
            .WithMongoPingHealthCheck($"{name}_check")
            .ExcludeFromManifest();
    }

    /// <summary>A database on the emulator; its connection string names it (<c>ConnectionStrings__{name}</c>).</summary>
    public static IResourceBuilder<MongoDBEmulatorDatabaseResource> AddDatabase(this IResourceBuilder<MongoDBEmulatorResource> builder,
        string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        databaseName ??= name;
        return builder.AddChildDatabase(new MongoDBEmulatorDatabaseResource(name, databaseName, builder.Resource), databaseName);
    }

    /// <summary>
    /// A database whose connection string sets the default write concern of every client using it (<c>w=</c>):
    /// <c>majority</c> or a number of members. Code that sets its own (the processor's invoice writes: majority) keeps it.
    /// In place of the official <c>AddDatabase</c>, which has no write concern.
    /// </summary>
    public static IResourceBuilder<MongoDBWriteConcernDatabaseResource> AddDatabaseWithWriteConcern(this IResourceBuilder<MongoDBServerResource> builder,
        string name, string writeConcern, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        databaseName ??= name;
        return builder.AddChildDatabase(new MongoDBWriteConcernDatabaseResource(name, databaseName, builder.Resource, writeConcern), databaseName);
    }
}
