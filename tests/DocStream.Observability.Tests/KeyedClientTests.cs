using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Xunit;

namespace DocStream.Observability.Tests;

/// <summary>Keyed clients, as Aspire.Confluent.Kafka and Aspire.MongoDB.Driver register them.</summary>
public sealed class KeyedClientTests
{
    [Fact]
    public void Keyed_clients_are_resolved_by_name_read_their_named_section_and_have_their_own_checks()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:events"] = "127.0.0.1:1",
            ["ConnectionStrings:orders"] = "mongodb://127.0.0.1:1/orders",
            ["Aspire:Confluent:Kafka:Producer:Config:ClientId"] = "general",
            ["Aspire:Confluent:Kafka:Producer:events:Config:ClientId"] = "named",
        });
        builder.AddKeyedKafkaProducer<string, string>("events");
        builder.AddKeyedKafkaConsumer<string, string>("events", settings => settings.Config.GroupId = "g");
        builder.AddKeyedMongoDBClient("orders");
        using var services = builder.Services.BuildServiceProvider();

        var names = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).Order();
        Assert.Equal(["Aspire.Confluent.Kafka.Consumer_events", "Aspire.Confluent.Kafka.Producer_events", "Aspire.MongoDB.Driver_orders"], names);
        Assert.Null(services.GetService<IProducer<string, string>>());
        // librdkafka names a client "{client.id}#producer-{n}": the named section's value won over the general one.
        Assert.StartsWith("named#", services.GetRequiredKeyedService<IProducer<string, string>>("events").Name, StringComparison.Ordinal);
        Assert.NotNull(services.GetRequiredKeyedService<IConsumer<string, string>>("events"));
        Assert.Equal("orders", services.GetRequiredKeyedService<IMongoDatabase>("orders").DatabaseNamespace.DatabaseName);
        Assert.Null(services.GetService<IMongoClient>());
    }
}
