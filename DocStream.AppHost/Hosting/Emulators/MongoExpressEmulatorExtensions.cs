using DocStream.AppHost.Hosting.Emulators;

namespace DocStream.Hosting;

/// <summary>
/// Mongo Express for the MongoDB emulator, the emulator-mode counterpart of the container's <c>WithMongoExpress</c>.
/// DocStream.AppHost/MongoExpress/start.mjs installs the pinned npm package on first start (into the git-ignored
/// obj/mongo-express) and runs it; it fails with a clear message when npm is missing, and nothing waits for it.
/// </summary>
public static class MongoExpressEmulatorExtensions
{
    /// <summary>Mongo Express's own health route, answered without basic auth.</summary>
    private const string HealthPath = "/status";

    /// <summary>Adds <c>{server}-express</c>, bound to localhost, signed in with generated parameters (run mode only; never published).</summary>
    public static IResourceBuilder<MongoDBEmulatorResource> WithMongoExpress(this IResourceBuilder<MongoDBEmulatorResource> builder)
    {
        var app = builder.ApplicationBuilder;
        if (app.ExecutionContext.IsPublishMode)
        {
            return builder;
        }
        var mongo = builder.Resource;
        var name = $"{mongo.Name}-express";
        var userName = app.AddParameter($"{name}-username",
            new GenerateParameterDefault { MinLength = 12, Upper = false, Special = false }, secret: true, persist: true);
        var password = app.AddParameter($"{name}-password",
            new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        var sessionSecret = app.AddParameter($"{name}-session-secret",
            new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        var directory = Path.Combine(app.AppHostDirectory, "MongoExpress");

        app.AddResource(new MongoExpressEmulatorResource(name, directory, userName.Resource, password.Resource))
            .WithArgs("start.mjs")
            .WithHttpEndpoint(name: MongoExpressEmulatorResource.HttpEndpointName, env: "PORT")
            .WithEnvironment("MONGO_EXPRESS_INSTALL_DIR", Path.Combine(app.AppHostDirectory, "obj", "mongo-express"))
            .WithEnvironment("VCAP_APP_HOST", "127.0.0.1") // Mongo Express's listen address: this machine only
            .WithEnvironment("ME_CONFIG_MONGODB_URL", mongo.ConnectionStringExpression)
            .WithEnvironment("ME_CONFIG_MONGODB_ENABLE_ADMIN", "true") // list every database, not only the URL's
            .WithEnvironment("ME_CONFIG_BASICAUTH", "true")
            .WithEnvironment("ME_CONFIG_BASICAUTH_USERNAME", userName)
            .WithEnvironment("ME_CONFIG_BASICAUTH_PASSWORD", password)
            .WithEnvironment("ME_CONFIG_SITE_SESSIONSECRET", sessionSecret)
            .WithEnvironment("ME_CONFIG_SITE_COOKIESECRET", sessionSecret)
            .WithHttpHealthCheck(HealthPath)
            .WithIconName("DocumentDatabase")
            .WithUrlForEndpoint(MongoExpressEmulatorResource.HttpEndpointName,
                url => url.DisplayText = $"Mongo Express · sign in with {name}-username / -password (Parameters)")
            .WithParentRelationship(builder)
            .WaitFor(builder)
            .ExcludeFromManifest();
        return builder;
    }
}
