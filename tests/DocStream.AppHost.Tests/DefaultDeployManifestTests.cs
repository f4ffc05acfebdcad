using System.Text.Json;
using System.Text.Json.Nodes;
using DocStream.Contracts;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>Generates the default deploy manifest once (containers mode), with sentinel secrets given to the AppHost.</summary>
public sealed class DefaultManifestFixture : IAsyncLifetime
{
    public const string ApiKey = "SentinelApiKey0b8f3c1d9e2a47f6a1c3";
    public const string MongoPassword = "SentinelMongoPassword7d2e9f0a";
    public const string OperatorKey = "SentinelOperatorKey3f9a1c7e5b2d8a4c";
    public const string ViewerKey = "SentinelViewerKey8e2b6d0f4a1c9e7b";

    public ManifestRun Run { get; private set; } = null!;
    public JsonObject Resources => Run.Resources;

    public async Task InitializeAsync() =>
        Run = await ManifestGenerator.RunAsync(
        [
            $"--Parameters:ingest-api-key={ApiKey}", $"--Parameters:mongo-password={MongoPassword}",
            $"--Parameters:dashboard-operator-key={OperatorKey}", $"--Parameters:dashboard-viewer-key={ViewerKey}",
        ]);

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class DefaultDeployManifestTests(DefaultManifestFixture fixture) : IClassFixture<DefaultManifestFixture>
{
    private JsonObject Resources => fixture.Resources;

    [Fact]
    public void A_deployed_dashboard_gets_no_local_Aspire_dashboard_address_for_trace_links()
    {
        var env = Resources.Resource("dashboard").Env();
        Assert.Contains("ConnectionStrings__docstreaming", env.Select(e => e.Key));
        Assert.DoesNotContain("DocStream__Dashboard__AspireDashboardUrl", env.Select(e => e.Key));
    }

    [Fact]
    public void A_deployment_has_no_command_token_and_so_no_command_routes()
    {
        Assert.Null(Resources["dashboard-command-token"]);
        Assert.DoesNotContain("DocStream__Dashboard__CommandToken", Resources.Resource("dashboard").Env().Select(e => e.Key));
    }

    [Fact]
    public void Publishing_succeeds_and_chooses_the_real_containers()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output);
        Assert.Contains("DocStream infrastructure: Containers", fixture.Run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_holds_exactly_the_deployable_resources()
    {
        string[] expected =
        [
            "ingest-api-key", "mongo-username", "mongo-password", "mongo-username-uri-encoded", "mongo-password-uri-encoded",
            "dashboard-operator-key", "dashboard-viewer-key",
            PipelineNames.Kafka, PipelineNames.MongoServer, PipelineNames.Database, "ingestapi", "processor", "dashboard",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Resources.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Development_tools_the_replayer_and_the_emulators_are_not_deployed()
    {
        foreach (var name in new[] { "replayer", "kafka-ui", "mongo-express" })
        {
            Assert.False(Resources.ContainsKey(name), $"{name} must not be deployed.");
        }
        Assert.DoesNotContain(Resources, r => r.Value!.AsObject().Type() is "executable.v0");
        Assert.DoesNotContain(Resources, r => (r.Value!["image"]?.GetValue<string>() ?? "").Contains("kafka-ui", StringComparison.Ordinal)
            || (r.Value!["image"]?.GetValue<string>() ?? "").Contains("mongo-express", StringComparison.Ordinal));
        Assert.DoesNotContain("Emulator", fixture.Run.ManifestText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_service_is_a_project_resource()
    {
        ManifestAssertions.IsProject(Resources, "ingestapi", "DocStream.IngestApi/DocStream.IngestApi.csproj");
        ManifestAssertions.IsProject(Resources, "processor", "DocStream.StreamProcessor/DocStream.StreamProcessor.csproj");
        ManifestAssertions.IsProject(Resources, "dashboard", "DocStream.Dashboard/DocStream.Dashboard.csproj");
    }

    [Fact]
    public void Kafka_is_a_container_with_a_persistent_volume_and_a_tcp_endpoint()
    {
        var kafka = Resources.Resource(PipelineNames.Kafka);
        Assert.Contains(kafka.Type(), new[] { "container.v0", "container.v1" });
        Assert.StartsWith("docker.io/confluentinc/confluent-local:", kafka["image"]!.GetValue<string>(), StringComparison.Ordinal);
        var volume = Assert.Single(kafka["volumes"]!.AsArray())!;
        Assert.Equal("/var/lib/kafka/data", volume["target"]!.GetValue<string>());
        Assert.False(volume["readOnly"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(volume["name"]!.GetValue<string>()));
        Assert.Equal("/var/lib/kafka/data", kafka.Env()["KAFKA_LOG_DIRS"]!.GetValue<string>());

        var tcp = kafka.Bindings()["tcp"]!;
        Assert.Equal("tcp", tcp["transport"]!.GetValue<string>());
        Assert.Equal(9092, tcp["targetPort"]!.GetValue<int>());
        Assert.NotEqual(true, tcp["external"]?.GetValue<bool>());
        Assert.Equal("{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}", kafka["connectionString"]!.GetValue<string>());
    }

    [Fact]
    public void Kafka_advertises_the_address_its_clients_are_given()
    {
        var kafka = Resources.Resource(PipelineNames.Kafka);
        var advertised = kafka.Env()["KAFKA_ADVERTISED_LISTENERS"]!.GetValue<string>();
        Assert.Contains("PLAINTEXT_HOST://" + kafka["connectionString"]!.GetValue<string>(), advertised, StringComparison.Ordinal);
        Assert.DoesNotContain("PLAINTEXT_HOST://localhost", advertised, StringComparison.Ordinal);
        Assert.Equal("false", kafka.Env()["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]!.GetValue<string>());
    }

    [Fact]
    public void MongoDB_is_a_container_with_a_persistent_volume_and_credentials_from_parameters()
    {
        var mongo = Resources.Resource(PipelineNames.MongoServer);
        Assert.Contains(mongo.Type(), new[] { "container.v0", "container.v1" });
        Assert.StartsWith("docker.io/library/mongo:", mongo["image"]!.GetValue<string>(), StringComparison.Ordinal);
        var volume = Assert.Single(mongo["volumes"]!.AsArray())!;
        Assert.Equal("/data/db", volume["target"]!.GetValue<string>());
        Assert.False(volume["readOnly"]!.GetValue<bool>());

        var tcp = mongo.Bindings()["tcp"]!;
        Assert.Equal("tcp", tcp["transport"]!.GetValue<string>());
        Assert.Equal(27017, tcp["targetPort"]!.GetValue<int>());
        Assert.NotEqual(true, tcp["external"]?.GetValue<bool>());

        Assert.Equal("{mongo-username.value}", mongo.Env()["MONGO_INITDB_ROOT_USERNAME"]!.GetValue<string>());
        Assert.Equal("{mongo-password.value}", mongo.Env()["MONGO_INITDB_ROOT_PASSWORD"]!.GetValue<string>());
    }

    [Fact]
    public void The_database_connection_string_names_the_database_and_uses_the_encoded_credentials_and_majority_writes()
    {
        var database = Resources.Resource(PipelineNames.Database);
        var connectionString = database["connectionString"]!.GetValue<string>();
        Assert.StartsWith("mongodb://{mongo-username-uri-encoded.value}:{mongo-password-uri-encoded.value}@{mongo.bindings.tcp.host}:{mongo.bindings.tcp.port}/docstreaming?",
            connectionString, StringComparison.Ordinal);
        Assert.Contains("authSource=admin", connectionString, StringComparison.Ordinal);
        Assert.Contains("w=majority", connectionString, StringComparison.Ordinal);
        foreach (var parameter in new[] { "mongo-username", "mongo-password" })
        {
            var encoded = Resources.Resource($"{parameter}-uri-encoded");
            Assert.Equal("annotated.string", encoded.Type());
            Assert.Equal("uri", encoded["filter"]!.GetValue<string>());
            Assert.Equal($"{{{parameter}.value}}", encoded["value"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Secrets_are_secret_parameters_that_azd_generates()
    {
        ManifestAssertions.IsGeneratedSecret(Resources, "ingest-api-key", 32);
        ManifestAssertions.IsGeneratedSecret(Resources, "mongo-password", 24);
        ManifestAssertions.IsGeneratedSecret(Resources, "dashboard-operator-key", 32);
        ManifestAssertions.IsGeneratedSecret(Resources, "dashboard-viewer-key", 32);
    }

    [Fact]
    public void The_MongoDB_user_name_is_a_plain_parameter_with_a_published_default()
    {
        var input = Resources.Resource("mongo-username")["inputs"]!["value"]!.AsObject();
        Assert.NotEqual(true, input["secret"]?.GetValue<bool>());
        Assert.Equal("docstream", input["default"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void No_secret_value_appears_in_the_manifest()
    {
        ManifestAssertions.ContainsNone(fixture.Run.ManifestText!,
            [DefaultManifestFixture.ApiKey, DefaultManifestFixture.MongoPassword, DefaultManifestFixture.OperatorKey, DefaultManifestFixture.ViewerKey]);
    }

    [Fact]
    public void Each_service_gets_only_the_connection_strings_and_secrets_it_uses_by_reference()
    {
        var ingest = Resources.Resource("ingestapi").Env();
        Assert.Equal("{kafka.connectionString}", ingest["ConnectionStrings__kafka"]!.GetValue<string>());
        Assert.Equal("{ingest-api-key.value}", ingest["Ingest__ApiKey"]!.GetValue<string>());
        // The API reads the store for GET /api/v1/documents/{id} (where is my document?).
        Assert.Equal("{docstreaming.connectionString}", ingest["ConnectionStrings__docstreaming"]!.GetValue<string>());

        var processor = Resources.Resource("processor").Env();
        Assert.Equal("{kafka.connectionString}", processor["ConnectionStrings__kafka"]!.GetValue<string>());
        Assert.Equal("{docstreaming.connectionString}", processor["ConnectionStrings__docstreaming"]!.GetValue<string>());
        Assert.False(processor.ContainsKey("Ingest__ApiKey"));

        var dashboard = Resources.Resource("dashboard").Env();
        Assert.Equal("{docstreaming.connectionString}", dashboard["ConnectionStrings__docstreaming"]!.GetValue<string>());
        // The dead-letter console re-drives documents into Kafka.
        Assert.Equal("{kafka.connectionString}", dashboard["ConnectionStrings__kafka"]!.GetValue<string>());
        Assert.False(dashboard.ContainsKey("Ingest__ApiKey"));
        Assert.Equal("{dashboard-operator-key.value}", dashboard["Dashboard__AccessKeys__Operator"]!.GetValue<string>());
        Assert.Equal("{dashboard-viewer-key.value}", dashboard["Dashboard__AccessKeys__Viewer"]!.GetValue<string>());
        Assert.False(ingest.ContainsKey("Dashboard__AccessKeys__Operator"));
        Assert.False(processor.ContainsKey("Dashboard__AccessKeys__Operator"));
    }

    [Fact]
    public void On_real_Kafka_the_ingest_API_sheds_only_a_true_backlog_not_at_the_emulators_budget() =>
        Assert.Equal("1000000", Resources.Resource("ingestapi").Env()["Ingest__Admission__MaxLagPerPartition"]!.GetValue<string>());

    [Fact]
    public void The_dashboard_trusts_the_ingress_forwarded_headers_so_its_cookie_is_Secure_behind_TLS_termination() =>
        Assert.Equal("true", Resources.Resource("dashboard").Env()["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]!.GetValue<string>());

    [Fact]
    public void Only_the_ingest_API_and_the_dashboard_are_reachable_from_outside()
    {
        foreach (var (name, node) in Resources)
        {
            var external = node!.AsObject().Bindings().Where(b => b.Value!["external"]?.GetValue<bool>() == true).ToList();
            if (name is "ingestapi" or "dashboard")
            {
                Assert.NotEmpty(external);
                Assert.All(external, b => Assert.Contains(b.Value!["scheme"]!.GetValue<string>(), new[] { "http", "https" }));
            }
            else
            {
                Assert.Empty(external);
            }
        }
    }

    [Fact]
    public void The_manifest_fits_the_ingress_rules_of_Azure_Container_Apps() =>
        ManifestAssertions.FitsAzureContainerAppsIngress(Resources);

    [Fact]
    public void Every_reference_in_the_manifest_points_at_a_resource_it_declares()
    {
        var text = fixture.Run.ManifestText!;
        var references = System.Text.RegularExpressions.Regex.Matches(text, @"\{([a-z0-9-]+)\.(?:value|connectionString|bindings\.[a-z]+\.[a-zA-Z]+|inputs\.value)\}")
            .Select(m => m.Groups[1].Value).Distinct();
        Assert.All(references, name => Assert.True(Resources.ContainsKey(name), $"'{{{name}...}}' refers to a resource the manifest does not declare."));
        using var _ = JsonDocument.Parse(text); // well-formed JSON
    }
}
