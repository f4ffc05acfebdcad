using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Aspire.Hosting.Kafka's builder methods, written here because that package is not served: same names, parameters,
/// defaults, images and volume names, so adding the package and deleting this folder is the whole swap
/// (docs/official-integrations.md). DocStream's own additions are in Hosting/DocStreamKafka.
/// </summary>
public static class KafkaBuilderExtensions
{
    private const int KafkaBrokerPort = 9092;
    private const int KafkaInternalBrokerPort = 9093;
    private const int KafkaUIPort = 8080;
    private const string DataTarget = "/var/lib/kafka/data";

    /// <summary>
    /// Kafka (KRaft, one broker) in a container. The broker advertises, for clients, the same <c>{host}:{port}</c>
    /// as its connection string (deployed: whatever the deployment tool resolves it to), and the resource name on the
    /// container network.
    /// </summary>
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var kafka = new KafkaServerResource(name);
        var healthCheckKey = $"{name}_check";
        builder.Services.AddKeyedSingleton<IHealthCheck>(healthCheckKey, (_, _) => new KafkaProduceHealthCheck(kafka));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            sp => sp.GetRequiredKeyedService<IHealthCheck>(healthCheckKey), failureStatus: default, tags: default));

        return builder.AddResource(kafka)
            .WithEndpoint(targetPort: KafkaBrokerPort, port: port, name: KafkaServerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: KafkaInternalBrokerPort, name: KafkaServerResource.InternalEndpointName)
            .WithImage(KafkaContainerImageTags.Image, KafkaContainerImageTags.Tag)
            .WithImageRegistry(KafkaContainerImageTags.Registry)
            .WithEnvironment(context => ConfigureListeners(context, kafka))
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// One Kafka UI for every Kafka resource of the application (a second call configures the same container).
    /// Never published.
    /// </summary>
    public static IResourceBuilder<KafkaServerResource> WithKafkaUI(this IResourceBuilder<KafkaServerResource> builder,
        Action<IResourceBuilder<KafkaUIContainerResource>>? configureContainer = null, string? containerName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var application = builder.ApplicationBuilder;
        if (application.Resources.OfType<KafkaUIContainerResource>().SingleOrDefault() is { } existing)
        {
            configureContainer?.Invoke(application.CreateResourceBuilder(existing));
            return builder;
        }

        var kafkaUi = application.AddResource(new KafkaUIContainerResource(containerName ?? "kafka-ui"))
            .WithImage(KafkaContainerImageTags.KafkaUiImage, KafkaContainerImageTags.KafkaUiTag)
            .WithImageRegistry(KafkaContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: KafkaUIPort)
            .WithEnvironment(context => ConfigureClusters(context, application.Resources.OfType<KafkaServerResource>()))
            .ExcludeFromManifest();
        configureContainer?.Invoke(kafkaUi);
        return builder;
    }

    /// <summary>The host port of Kafka UI instead of a random one.</summary>
    public static IResourceBuilder<KafkaUIContainerResource> WithHostPort(this IResourceBuilder<KafkaUIContainerResource> builder, int? port)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithEndpoint("http", endpoint => endpoint.Port = port);
    }

    /// <summary>Keeps the broker's log in a named volume; the default name is generated from the application and resource names.</summary>
    public static IResourceBuilder<KafkaServerResource> WithDataVolume(this IResourceBuilder<KafkaServerResource> builder, string? name = null, bool isReadOnly = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithEnvironment(ConfigureLogDirs)
            .WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), DataTarget, isReadOnly);
    }

    /// <summary>Keeps the broker's log in a host directory.</summary>
    public static IResourceBuilder<KafkaServerResource> WithDataBindMount(this IResourceBuilder<KafkaServerResource> builder, string source, bool isReadOnly = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return builder.WithEnvironment(ConfigureLogDirs).WithBindMount(source, DataTarget, isReadOnly);
    }

    private static void ConfigureListeners(EnvironmentCallbackContext context, KafkaServerResource kafka)
    {
        // The broker itself, clients (the primary endpoint) and other containers (the internal endpoint).
        context.EnvironmentVariables["KAFKA_LISTENERS"] =
            $"PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:{KafkaBrokerPort},PLAINTEXT_INTERNAL://0.0.0.0:{KafkaInternalBrokerPort}";
        context.EnvironmentVariables["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] =
            "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";
        var primary = kafka.PrimaryEndpoint;
        var @internal = kafka.InternalEndpoint;
        context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = context.ExecutionContext.IsRunMode
            // Host processes reach the published port on localhost; containers reach the internal listener by name.
            ? ReferenceExpression.Create(
                $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:{primary.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{kafka.Name}:{@internal.Property(EndpointProperty.TargetPort)}")
            // Deployed: never localhost, or clients would be sent back to themselves after the first metadata request.
            : ReferenceExpression.Create(
                $"PLAINTEXT://{primary.Property(EndpointProperty.Host)}:29092,PLAINTEXT_HOST://{primary.Property(EndpointProperty.HostAndPort)},PLAINTEXT_INTERNAL://{@internal.Property(EndpointProperty.HostAndPort)}");
    }

    private static void ConfigureClusters(EnvironmentCallbackContext context, IEnumerable<KafkaServerResource> kafkas)
    {
        var index = 0;
        foreach (var kafka in kafkas)
        {
            var endpoint = kafka.InternalEndpoint;
            context.EnvironmentVariables[$"KAFKA_CLUSTERS_{index}_NAME"] = kafka.Name;
            context.EnvironmentVariables[$"KAFKA_CLUSTERS_{index}_BOOTSTRAPSERVERS"] = context.ExecutionContext.IsRunMode
                ? ReferenceExpression.Create($"{kafka.Name}:{endpoint.Property(EndpointProperty.TargetPort)}")
                : ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}");
            index++;
        }
    }

    private static void ConfigureLogDirs(EnvironmentCallbackContext context) =>
        context.EnvironmentVariables["KAFKA_LOG_DIRS"] = DataTarget;
}
