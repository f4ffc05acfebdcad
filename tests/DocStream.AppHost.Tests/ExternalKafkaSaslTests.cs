using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>External mode with a SASL Kafka (Event Hubs' shape): the settings reach both Kafka clients of both services.</summary>
public sealed class ExternalKafkaSaslTests
{
    private const string Password = "Endpoint=sb://sentinel-ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=SentinelSasKey61f0";

    private static readonly string[] EventHubsArguments =
    [
        "--DocStream:Infrastructure=external",
        "--DocStream:Kafka:Config:SecurityProtocol=SaslSsl",
        "--DocStream:Kafka:Config:SaslMechanism=Plain",
        "--DocStream:Kafka:Config:SaslUsername=$ConnectionString",
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
                Assert.Equal("SaslSsl", env[prefix + "SecurityProtocol"]!.GetValue<string>());
                Assert.Equal("Plain", env[prefix + "SaslMechanism"]!.GetValue<string>());
                Assert.Equal("$ConnectionString", env[prefix + "SaslUsername"]!.GetValue<string>());
                Assert.Equal("{kafka-sasl-password.value}", env[prefix + "SaslPassword"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Without_SASL_no_password_parameter_is_declared()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:Infrastructure=external", "--DocStream:Kafka:Config:ClientId=docstream"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.False(run.Resources.ContainsKey("kafka-sasl-password"));
        Assert.Equal("docstream", run.Resources.Resource("processor").Env()["Aspire__Confluent__Kafka__Consumer__Config__ClientId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_SASL_password_in_the_published_Kafka_settings_is_refused()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:Infrastructure=external", $"--DocStream:Kafka:Config:SaslPassword={Password}"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.ManifestText);
        Assert.Contains("kafka-sasl-password", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_librdkafka_property_name_is_refused_with_the_typed_name_the_clients_bind()
    {
        // The services bind ProducerConfig/ConsumerConfig properties: a dotted name would be ignored and SASL left off.
        var run = await ManifestGenerator.RunAsync(["--DocStream:Infrastructure=external", "--DocStream:Kafka:Config:sasl.mechanism=PLAIN"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.ManifestText);
        Assert.Contains("'DocStream:Kafka:Config:SaslMechanism'", run.Output, StringComparison.Ordinal);
    }
}
