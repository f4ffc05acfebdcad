using System.Globalization;
using DocStream.AppHost.Hosting.Emulators;
using DocStream.AppHost.Hosting.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Kafka resources, written here because Aspire.Hosting.Kafka is not served; method names follow it
/// (<c>AddKafka</c>, <c>WithKafkaUI</c>, <c>WithDataVolume</c>) so the official package can replace this file.
/// </summary>
public static class KafkaBuilderExtensions
{
    private const string Image = "confluentinc/confluent-local";
    private const string Tag = "7.9.0";
    private const int KafkaBrokerPort = 9092;
    private const int KafkaInternalBrokerPort = 9093;

    /// <summary>
    /// Kafka (KRaft, one broker) in a container. When published, the manifest gives the endpoints' container ports
    /// (9092 for clients, 9093 internal) and the broker advertises the same <c>{host}:{port}</c> expressions as its
    /// connection string, so whatever the deployment tool resolves them to (azd: the app name and the target port
    /// of a TCP ingress) is both where clients connect and what the broker sends them back to.
    /// </summary>
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var kafka = new KafkaServerResource(name);
        return builder.AddResource(kafka)
            .WithEndpoint(targetPort: KafkaBrokerPort, port: port, name: KafkaServerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: KafkaInternalBrokerPort, name: KafkaServerResource.InternalEndpointName)
            .WithImage(Image, Tag)
            .WithEnvironment(context =>
            {
                // Three listeners: the broker itself, clients (through the primary endpoint) and other containers.
                context.EnvironmentVariables["KAFKA_LISTENERS"] =
                    $"PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:{KafkaBrokerPort},PLAINTEXT_INTERNAL://0.0.0.0:{KafkaInternalBrokerPort}";
                context.EnvironmentVariables["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] =
                    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";
                var primary = kafka.PrimaryEndpoint;
                var advertised = context.ExecutionContext.IsRunMode
                    // Host processes reach the published port on localhost; containers reach the internal listener by name.
                    ? ReferenceExpression.Create(
                        $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:{primary.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{kafka.Name}:{KafkaInternalBrokerPort.ToString(CultureInfo.InvariantCulture)}")
                    // Deployed: advertise what the deployment tool resolves the endpoints to (the connection string's host:port),
                    // never localhost, or clients would be sent back to themselves after the first metadata request.
                    : ReferenceExpression.Create(
                        $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://{primary.Property(EndpointProperty.HostAndPort)},PLAINTEXT_INTERNAL://{kafka.InternalEndpoint.Property(EndpointProperty.HostAndPort)}");
                context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = advertised;
                context.EnvironmentVariables["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] = "false";
            })
            .WithKafkaHealthCheck();
    }

    /// <summary>Keeps the broker's log across restarts.</summary>
    public static IResourceBuilder<KafkaServerResource> WithDataVolume(this IResourceBuilder<KafkaServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"docstream-{builder.Resource.Name}-data", "/var/lib/kafka/data")
            .WithEnvironment("KAFKA_LOG_DIRS", "/var/lib/kafka/data");

    /// <summary>Adds Kafka UI on the container network (run mode only; not deployed).</summary>
    public static IResourceBuilder<KafkaServerResource> WithKafkaUI(this IResourceBuilder<KafkaServerResource> builder, int? hostPort = null)
    {
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return builder;
        }
        var kafka = builder.Resource;
        builder.ApplicationBuilder.AddResource(new KafkaUIContainerResource($"{kafka.Name}-ui"))
            .WithImage("kafbat/kafka-ui", "v1.1.0")
            .WithHttpEndpoint(targetPort: 8080, port: hostPort, name: "http")
            .WithEnvironment("KAFKA_CLUSTERS_0_NAME", kafka.Name)
            .WithEnvironment(context => context.EnvironmentVariables["KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"] =
                ReferenceExpression.Create($"{kafka.Name}:{KafkaInternalBrokerPort.ToString(CultureInfo.InvariantCulture)}"))
            .WithParentRelationship(kafka)
            .WaitFor(builder)
            .ExcludeFromManifest();
        return builder;
    }

    /// <summary>
    /// Kafka's development stand-in: librdkafka's mock cluster in its own process, on the port Aspire assigns,
    /// with the given topics created at start. Memory only (see the emulator's README).
    /// </summary>
    public static IResourceBuilder<KafkaEmulatorResource> AddKafkaEmulator(this IDistributedApplicationBuilder builder, string name,
        params (string Topic, int Partitions)[] topics)
    {
        var (workingDirectory, args) = EmulatorLauncher.For<Projects.DocStream_KafkaEmulator>();
        return builder.AddResource(new KafkaEmulatorResource(name, workingDirectory))
            .WithArgs(args)
            .WithEndpoint(name: KafkaEmulatorResource.PrimaryEndpointName, scheme: "tcp", env: "PORT")
            .WithEnvironment("KAFKA_EMULATOR_TOPICS", string.Join(',', topics.Select(t => $"{t.Topic}:{t.Partitions}")))
            .WithIconName("BranchFork")
            // The resource view says what this is: a stand-in, not Kafka.
            .WithUrlForEndpoint(KafkaEmulatorResource.PrimaryEndpointName, url => url.DisplayText = "Kafka emulator (development stand-in)")
            .WithKafkaHealthCheck()
            .ExcludeFromManifest();
    }

    private static IResourceBuilder<T> WithKafkaHealthCheck<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString
    {
        // One instance for the AppHost's life (it keeps its client), disposed with the AppHost's services.
        var key = $"{builder.Resource.Name}_kafka_check";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddKeyedSingleton<IHealthCheck>(key, (_, _) => new KafkaHealthCheck(resource));
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, sp => sp.GetRequiredKeyedService<IHealthCheck>(key), HealthStatus.Unhealthy, null));
        return builder.WithHealthCheck(key);
    }
}
