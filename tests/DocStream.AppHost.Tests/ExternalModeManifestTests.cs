using System.Text.Json.Nodes;
using DocStream.Contracts;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>Generates the external-mode manifest once, with sentinel connection strings given to the AppHost.</summary>
public sealed class ExternalManifestFixture : IAsyncLifetime
{
    public const string ApiKey = "SentinelExternalApiKey5c7e1a9b3d2f";
    public const string KafkaConnectionString = "sentinel-namespace-4e1b.servicebus.windows.net:9093";
    public const string MongoPassword = "SentinelCosmosPassword2f8a6c";
    public const string MongoConnectionString =
        "mongodb+srv://docstream:" + MongoPassword + "@sentinel-4e1b.mongocluster.cosmos.azure.com/docstreaming?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false";

    public ManifestRun Run { get; private set; } = null!;
    public JsonObject Resources => Run.Resources;

    public async Task InitializeAsync() =>
        Run = await ManifestGenerator.RunAsync(
        [
            "--DocStream:Infrastructure=external",
            $"--Parameters:ingest-api-key={ApiKey}",
            $"--ConnectionStrings:kafka={KafkaConnectionString}",
            $"--ConnectionStrings:docstreaming={MongoConnectionString}",
        ]);

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class ExternalModeManifestTests(ExternalManifestFixture fixture) : IClassFixture<ExternalManifestFixture>
{
    private JsonObject Resources => fixture.Resources;

    [Fact]
    public void Publishing_in_external_mode_succeeds()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output);
        Assert.Contains("DocStream infrastructure: External", fixture.Run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_holds_the_services_the_api_and_dashboard_keys_and_two_connection_strings_only()
    {
        string[] expected = ["ingest-api-key", "dashboard-operator-key", "dashboard-viewer-key", PipelineNames.Kafka, PipelineNames.Database, "ingestapi", "processor", "dashboard"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Resources.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kafka_and_MongoDB_are_secret_connection_string_parameters_without_defaults()
    {
        foreach (var name in new[] { PipelineNames.Kafka, PipelineNames.Database })
        {
            var resource = Resources.Resource(name);
            Assert.Equal("parameter.v0", resource.Type());
            Assert.Equal($"{{{name}.value}}", resource["connectionString"]!.GetValue<string>());
            var input = resource["inputs"]!["value"]!.AsObject();
            Assert.True(input["secret"]!.GetValue<bool>(), $"{name} is not marked secret.");
            Assert.Null(input["default"]);
        }
    }

    [Fact]
    public void No_container_volume_or_MongoDB_credential_is_declared()
    {
        Assert.DoesNotContain(Resources, r => r.Value!.AsObject().Type().StartsWith("container.", StringComparison.Ordinal));
        Assert.DoesNotContain(Resources, r => r.Value!["volumes"] is not null);
        Assert.DoesNotContain(Resources, r => r.Key.StartsWith("mongo", StringComparison.Ordinal));
    }

    [Fact]
    public void The_services_read_the_external_connection_strings_by_reference()
    {
        var ingest = Resources.Resource("ingestapi").Env();
        Assert.Equal("{kafka.connectionString}", ingest["ConnectionStrings__kafka"]!.GetValue<string>());
        Assert.Equal("{ingest-api-key.value}", ingest["Ingest__ApiKey"]!.GetValue<string>());
        var processor = Resources.Resource("processor").Env();
        Assert.Equal("{kafka.connectionString}", processor["ConnectionStrings__kafka"]!.GetValue<string>());
        Assert.Equal("{docstreaming.connectionString}", processor["ConnectionStrings__docstreaming"]!.GetValue<string>());
        var dashboard = Resources.Resource("dashboard").Env();
        Assert.Equal("{docstreaming.connectionString}", dashboard["ConnectionStrings__docstreaming"]!.GetValue<string>());
        ManifestAssertions.IsGeneratedSecret(Resources, "ingest-api-key", 32);
    }

    [Fact]
    public void No_connection_string_or_key_given_to_the_AppHost_appears_in_the_manifest() =>
        ManifestAssertions.ContainsNone(fixture.Run.ManifestText!,
            [ExternalManifestFixture.ApiKey, ExternalManifestFixture.KafkaConnectionString, ExternalManifestFixture.MongoConnectionString,
             ExternalManifestFixture.MongoPassword, "servicebus.windows.net", "mongocluster.cosmos.azure.com"]);

    [Fact]
    public void The_manifest_fits_the_ingress_rules_of_Azure_Container_Apps() =>
        ManifestAssertions.FitsAzureContainerAppsIngress(Resources);
}
