using System.Globalization;
using Aspire.Hosting.MongoDB;
using DocStream.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// Aspire.Hosting.MongoDB's builder methods, written here because that package is not served: same names, parameters,
/// defaults, images and volume names, so adding the package and deleting this folder is the whole swap
/// (docs/official-integrations.md). DocStream's own additions are in Hosting/DocStreamMongoDB.
/// </summary>
public static class MongoDBBuilderExtensions
{
    private const int DefaultContainerPort = 27017;
    private const string DataTarget = "/data/db";
    private const string InitTarget = "/docker-entrypoint-initdb.d";

    public static IResourceBuilder<MongoDBServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name, int? port) =>
        AddMongoDB(builder, name, port, null, null);

    /// <summary>MongoDB in a container. Without a password parameter, a secret one is generated (<c>{name}-password</c>).</summary>
    public static IResourceBuilder<MongoDBServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name, int? port = null,
        IResourceBuilder<ParameterResource>? userName = null, IResourceBuilder<ParameterResource>? password = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var passwordParameter = password?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var mongo = new MongoDBServerResource(name, userName?.Resource, passwordParameter);
        return builder.AddResource(mongo)
            .WithEndpoint(port: port, targetPort: DefaultContainerPort, name: MongoDBServerResource.PrimaryEndpointName)
            .WithImage(MongoDBContainerImageTags.Image, MongoDBContainerImageTags.Tag)
            .WithImageRegistry(MongoDBContainerImageTags.Registry)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["MONGO_INITDB_ROOT_USERNAME"] = mongo.UserNameReference;
                context.EnvironmentVariables["MONGO_INITDB_ROOT_PASSWORD"] = mongo.PasswordParameter!;
            })
            .WithMongoPingHealthCheck($"{name}_check");
    }

    /// <summary>A database on the server; its connection string names it. The database name defaults to <paramref name="name"/>.</summary>
    public static IResourceBuilder<MongoDBDatabaseResource> AddDatabase(this IResourceBuilder<MongoDBServerResource> builder, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        databaseName ??= name;
        builder.Resource.AddDatabase(name, databaseName);
        return builder.AddChildDatabase(new MongoDBDatabaseResource(name, databaseName, builder.Resource), databaseName);
    }

    /// <summary>Mongo Express on the container network (<c>{name}-mongoexpress</c> unless named). Never published.</summary>
    public static IResourceBuilder<T> WithMongoExpress<T>(this IResourceBuilder<T> builder,
        Action<IResourceBuilder<MongoExpressContainerResource>>? configureContainer = null, string? containerName = null)
        where T : MongoDBServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);

        var mongo = builder.Resource;
        var mongoExpress = builder.ApplicationBuilder.AddResource(new MongoExpressContainerResource(containerName ?? $"{mongo.Name}-mongoexpress"))
            .WithImage(MongoDBContainerImageTags.MongoExpressImage, MongoDBContainerImageTags.MongoExpressTag)
            .WithImageRegistry(MongoDBContainerImageTags.MongoExpressRegistry)
            .WithEnvironment(context => ConfigureMongoExpress(context, mongo))
            .WithHttpEndpoint(targetPort: 8081, name: "http")
            .WithParentRelationship(builder)
            .ExcludeFromManifest();
        configureContainer?.Invoke(mongoExpress);
        return builder;
    }

    /// <summary>The host port of Mongo Express instead of a random one.</summary>
    public static IResourceBuilder<MongoExpressContainerResource> WithHostPort(this IResourceBuilder<MongoExpressContainerResource> builder, int? port)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithEndpoint("http", endpoint => endpoint.Port = port);
    }

    /// <summary>Keeps the data in a named volume; the default name is generated from the application and resource names.</summary>
    public static IResourceBuilder<MongoDBServerResource> WithDataVolume(this IResourceBuilder<MongoDBServerResource> builder, string? name = null, bool isReadOnly = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), DataTarget, isReadOnly);
    }

    /// <summary>Keeps the data in a host directory.</summary>
    public static IResourceBuilder<MongoDBServerResource> WithDataBindMount(this IResourceBuilder<MongoDBServerResource> builder, string source, bool isReadOnly = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return builder.WithBindMount(source, DataTarget, isReadOnly);
    }

    [Obsolete("Use WithInitFiles instead.")]
    public static IResourceBuilder<MongoDBServerResource> WithInitBindMount(this IResourceBuilder<MongoDBServerResource> builder, string source, bool isReadOnly = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return builder.WithBindMount(source, InitTarget, isReadOnly);
    }

    /// <summary>Copies init scripts (a file or a directory, relative to the AppHost) into the container.</summary>
    public static IResourceBuilder<MongoDBServerResource> WithInitFiles(this IResourceBuilder<MongoDBServerResource> builder, string source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return builder.WithContainerFiles(InitTarget, Path.GetFullPath(source, builder.ApplicationBuilder.AppHostDirectory));
    }

    private static void ConfigureMongoExpress(EnvironmentCallbackContext context, MongoDBServerResource mongo)
    {
        // Mongo Express reaches MongoDB on the container network, by resource name.
        context.EnvironmentVariables["ME_CONFIG_MONGODB_SERVER"] = mongo.Name;
        if (mongo.PrimaryEndpoint.TargetPort is int targetPort)
        {
            context.EnvironmentVariables["ME_CONFIG_MONGODB_PORT"] = targetPort.ToString(CultureInfo.InvariantCulture);
        }
        context.EnvironmentVariables["ME_CONFIG_BASICAUTH"] = "false";
        if (mongo.PasswordParameter is not null)
        {
            context.EnvironmentVariables["ME_CONFIG_MONGODB_ADMINUSERNAME"] = mongo.UserNameReference;
            context.EnvironmentVariables["ME_CONFIG_MONGODB_ADMINPASSWORD"] = mongo.PasswordParameter;
        }
    }
}
