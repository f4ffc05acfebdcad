using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace DocStream.Observability.Tests;

/// <summary>DocStream's opt-ins on top of the official-shaped Kafka client integration.</summary>
public sealed class DocStreamKafkaOptInTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            new[] { ("ConnectionStrings:kafka", "127.0.0.1:1") }.Concat(settings).Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2)));
        return builder;
    }

    private static IHealthCheck CheckNamed(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single(r => r.Name == name).Factory(services);

    [Fact]
    public void Without_the_opt_in_the_client_check_is_the_official_produce_check()
    {
        var builder = Builder();
        builder.AddKafkaProducer<string, string>("kafka");
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal("KafkaProduceHealthCheck", CheckNamed(services, "Aspire.Confluent.Kafka.Producer").GetType().Name);
    }

    [Fact]
    public void The_metadata_check_takes_the_official_check_s_place_under_its_name_and_lives_as_long_as_the_service()
    {
        var builder = Builder();
        builder.AddKafkaConsumer<string, string>("kafka", settings => settings.Config.GroupId = "g");
        builder.AddKeyedKafkaProducer<string, string>("kafka");
        builder.UseKafkaMetadataHealthChecks("kafka");
        using var services = builder.Services.BuildServiceProvider();

        foreach (var name in new[] { "Aspire.Confluent.Kafka.Consumer", "Aspire.Confluent.Kafka.Producer_kafka" })
        {
            Assert.Equal("KafkaMetadataHealthCheck", CheckNamed(services, name).GetType().Name);
            Assert.Same(CheckNamed(services, name), CheckNamed(services, name));
        }
    }

    [Fact]
    public void A_librdkafka_name_under_Config_stops_the_service_and_names_the_typed_key()
    {
        var builder = Builder(("Aspire:Confluent:Kafka:Consumer:Config:sasl.mechanism", "PLAIN"));

        var error = Assert.Throws<InvalidOperationException>(() => builder.ValidateKafkaConfiguration("kafka"));

        Assert.Contains("'Aspire:Confluent:Kafka:Consumer:Config:sasl.mechanism'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Aspire:Confluent:Kafka:Consumer:Config:SaslMechanism'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_key_in_a_named_section_passes_the_check()
    {
        var builder = Builder(("Aspire:Confluent:Kafka:Producer:kafka:Config:SaslMechanism", "Plain"));

        builder.ValidateKafkaConfiguration("kafka");
    }

    [Fact]
    public void Without_bootstrap_servers_the_service_stops_naming_where_they_go()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        var error = Assert.Throws<InvalidOperationException>(() => builder.ValidateKafkaConfiguration("kafka"));

        Assert.Contains("'ConnectionStrings:kafka'", error.Message, StringComparison.Ordinal);
    }
}
