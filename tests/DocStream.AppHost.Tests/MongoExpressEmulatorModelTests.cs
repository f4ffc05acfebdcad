using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DocStream.AppHost.Hosting.Emulators;
using Aspire.Hosting.MongoDB;
using DocStream.Hosting;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>Mongo Express in each infrastructure mode: the npm package in front of the emulator, the image in containers mode.</summary>
public sealed class MongoExpressEmulatorModelTests
{
    [Fact]
    public async Task In_emulator_mode_Mongo_Express_runs_against_the_emulator_signed_in_with_generated_parameters()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(["DocStream:Infrastructure=emulators"]);

        var express = Assert.IsType<MongoExpressEmulatorResource>(builder.Resources.Single(r => r.Name == "mongo-express"));
        var environment = await ManifestEnvironmentAsync(express);

        foreach (var parameter in new[] { "mongo-express-username", "mongo-express-password", "mongo-express-session-secret" })
        {
            var resource = Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == parameter));
            Assert.True(resource.Secret, $"{parameter} is not secret.");
            // Generated on first run and kept in user secrets; a constant default would be a known password.
            // (UserSecretsParameterDefault, which keeps a generated value, is internal to Aspire: named here.)
            Assert.Contains(resource.Default?.GetType().Name, new[] { nameof(GenerateParameterDefault), "UserSecretsParameterDefault" });
        }
        Assert.Same(builder.Resources.Single(r => r.Name == "mongo-express-username"), express.UserNameParameter);
        Assert.Equal("true", environment["ME_CONFIG_BASICAUTH"]);
        Assert.Equal("{mongo-express-username.value}", environment["ME_CONFIG_BASICAUTH_USERNAME"]);
        Assert.Equal("{mongo-express-password.value}", environment["ME_CONFIG_BASICAUTH_PASSWORD"]);
        Assert.Equal("{mongo-express-session-secret.value}", environment["ME_CONFIG_SITE_SESSIONSECRET"]);
        Assert.Equal("mongodb://{mongo-username.value}:{mongo-password.value}@{mongo.bindings.tcp.host}:{mongo.bindings.tcp.port}/?authSource=admin&authMechanism=SCRAM-SHA-256",
            environment["ME_CONFIG_MONGODB_URL"]);
        Assert.Equal("127.0.0.1", environment["VCAP_APP_HOST"]);
        Assert.Equal("node", express.Command);

        var endpoint = Assert.Single(express.Annotations.OfType<EndpointAnnotation>());
        Assert.False(endpoint.IsExternal);
        Assert.Equal("localhost", endpoint.TargetHost);
        Assert.Contains(express.Annotations, a => a is ManifestPublishingCallbackAnnotation { Callback: null });
        Assert.Contains(express.Annotations, a => a is ResourceRelationshipAnnotation { Type: "Parent", Resource: MongoDBEmulatorResource });
        Assert.Contains(express.Annotations, a => a is WaitAnnotation { Resource: MongoDBEmulatorResource });
    }

    [Fact]
    public async Task In_containers_mode_only_the_container_Mongo_Express_exists()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(["DocStream:Infrastructure=containers"]);

        Assert.IsType<MongoExpressContainerResource>(builder.Resources.Single(r => r.Name == "mongo-express"));
        Assert.DoesNotContain(builder.Resources, r => r is MongoExpressEmulatorResource);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "mongo-express-username");
    }

    [Fact]
    public async Task With_external_services_there_is_no_Mongo_Express()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(
            ["DocStream:Infrastructure=external", "ConnectionStrings:kafka=localhost:9092",
             "ConnectionStrings:docstreaming=mongodb://localhost:27017/docstreaming"]);

        Assert.DoesNotContain(builder.Resources, r => r.Name.Contains("express", StringComparison.Ordinal));
    }

    /// <summary>The resource's environment as the manifest writes it: parameters and connection strings as references, never values.</summary>
    private static async Task<Dictionary<string, string>> ManifestEnvironmentAsync(IResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish));
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return context.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value switch
        {
            string text => text,
            IManifestExpressionProvider reference => reference.ValueExpression,
            var other => other.ToString() ?? "",
        });
    }
}
