using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace DocStream.Observability.Tests;

public sealed class HealthCheckRegistrationTests
{
    [Fact]
    public void Each_client_check_is_registered_once_and_the_same_instance_serves_every_probe()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = "127.0.0.1:1",
            ["ConnectionStrings:docstreaming"] = "mongodb://127.0.0.1:1/docstreaming",
        });
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaProducer<string, byte[]>("kafka"); // a second producer must not add a second check of the same name
        builder.AddMongoDBClient("docstreaming");
        using var services = builder.Services.BuildServiceProvider();

        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.ToList();

        Assert.Equal(["Aspire.Confluent.Kafka.Producer", "Aspire.MongoDB.Driver"], registrations.Select(r => r.Name).Order());
        foreach (var registration in registrations)
        {
            // The health service calls the factory on every probe: it must hand out the long-lived check, not build one.
            Assert.Same(registration.Factory(services), registration.Factory(services));
        }
    }
}
