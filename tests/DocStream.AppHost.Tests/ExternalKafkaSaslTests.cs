using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>External mode with a SASL Kafka (Event Hubs' shape): the settings reach both Kafka clients of both services.</summary>
public sealed class ExternalKafkaSaslTests
{
    private const string Password = "Endpoint=sb://sentinel-ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=SentinelSasKey61f0";

    private static readonly string[] EventHubsArguments =
    [
        "--DocStream:Infrastructure=external",
        "--DocStream:Kafka:Config:security.protocol=SASL_SSL",
        "--DocStream:Kafka:Config:sasl.mechanism=PLAIN",
        "--DocStream:Kafka:Config:sasl.username=$ConnectionString",
        $"--Parameters:kafka-sasl-password={Password}",
    ];

    [Fact]
    public async Task SASL_settings_reach_the_producer_and_consumer_settings_of_the_Kafka_clients_and_the_password_stays_a_secret()
    {
        var run = await ManifestGenerator.RunAsync(EventHubsArguments);
        Assert.True(run.ExitCode == 0, run.Output);
        var resources = run.Resources;

        ManifestAssertions.ContainsNone(run.ManifestText!, [Password, "SentinelSasKey61f0"]);
        var input = resources.Resource("kafka-sasl-password")["inputs"]!["value"]!.AsObject();
        Assert.True(input["secret"]!.GetValue<bool>());

        // The dashboard too: its dead-letter console produces re-driven documents.
        foreach (var service in new[] { "ingestapi", "processor", "dashboard" })
        {
            var env = resources.Resource(service).Env();
            foreach (var role in new[] { "Producer", "Consumer" })
            {
                var prefix = $"Aspire__Confluent__Kafka__{role}__Config__";
                Assert.Equal("SASL_SSL", env[prefix + "security.protocol"]!.GetValue<string>());
                Assert.Equal("PLAIN", env[prefix + "sasl.mechanism"]!.GetValue<string>());
                Assert.Equal("$ConnectionString", env[prefix + "sasl.username"]!.GetValue<string>());
                Assert.Equal("{kafka-sasl-password.value}", env[prefix + "sasl.password"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Without_SASL_no_password_parameter_is_declared()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:Infrastructure=external", "--DocStream:Kafka:Config:client.id=docstream"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.False(run.Resources.ContainsKey("kafka-sasl-password"));
        Assert.Equal("docstream", run.Resources.Resource("processor").Env()["Aspire__Confluent__Kafka__Consumer__Config__client.id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_SASL_password_in_the_published_Kafka_settings_is_refused()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:Infrastructure=external", $"--DocStream:Kafka:Config:sasl.password={Password}"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.ManifestText);
        Assert.Contains("kafka-sasl-password", run.Output, StringComparison.Ordinal);
    }
}
