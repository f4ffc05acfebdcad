using DocStream.AppHost.Hosting.Emulators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocStream.Hosting;

/// <summary>
/// DocStream's additions to the Kafka hosting integration: the emulator, topics created only by the services, and the
/// metadata health check. They use only what Aspire.Hosting.Kafka exposes too, so they survive the swap.
/// </summary>
public static class DocStreamKafkaBuilderExtensions
{
    /// <summary>
    /// Kafka's development stand-in: librdkafka's mock cluster in its own process, on the port Aspire assigns,
    /// with the given topics created at start. Memory only (see the emulator's README).
    /// </summary>
    public static IResourceBuilder<KafkaEmulatorResource> AddKafkaEmulator(this IDistributedApplicationBuilder builder, string name,
        params (string Topic, int Partitions)[] topics)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (workingDirectory, args) = EmulatorLauncher.For<Projects.DocStream_KafkaEmulator>();
        return builder.AddResource(new KafkaEmulatorResource(name, workingDirectory))
            .WithArgs(args)
            .WithEndpoint(name: KafkaEmulatorResource.PrimaryEndpointName, scheme: "tcp", env: "PORT")
            .WithEnvironment("KAFKA_EMULATOR_TOPICS", string.Join(',', topics.Select(t => $"{t.Topic}:{t.Partitions}")))
            .WithIconName("BranchFork")
            // The resource view says what this is: a stand-in, not Kafka.
            .WithUrlForEndpoint(KafkaEmulatorResource.PrimaryEndpointName, url => url.DisplayText = "Kafka emulator (development stand-in)")
            .WithKafkaMetadataHealthCheck()
            .ExcludeFromManifest();
    }

    /// <summary>
    /// The broker creates no topic on a client's request (<c>KAFKA_AUTO_CREATE_TOPICS_ENABLE=false</c>): the services
    /// create theirs with the partitions they need (<c>AddKafkaTopics</c>), a typo'd topic name fails instead of
    /// creating a one-partition topic. The official health check produces to <c>healthchecks-topic</c>, which then does
    /// not exist: this also switches the resource to <see cref="WithKafkaMetadataHealthCheck{T}"/>.
    /// </summary>
    public static IResourceBuilder<KafkaServerResource> WithAutoCreateTopicsDisabled(this IResourceBuilder<KafkaServerResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithEnvironment("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false").WithKafkaMetadataHealthCheck();
    }

    /// <summary>
    /// The resource is healthy when a broker answers a metadata request, with one admin client for the AppHost's life;
    /// replaces the official check (<c>{name}_check</c>, a produce to <c>healthchecks-topic</c>) where there is one.
    /// </summary>
    public static IResourceBuilder<T> WithKafkaMetadataHealthCheck<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = builder.Resource;
        var key = $"{resource.Name}_kafka_metadata_check";
        if (resource.Annotations.OfType<HealthCheckAnnotation>().Any(a => a.Key == key))
        {
            return builder;
        }
        foreach (var official in resource.Annotations.OfType<HealthCheckAnnotation>().Where(a => a.Key == $"{resource.Name}_check").ToList())
        {
            resource.Annotations.Remove(official);
        }
        builder.ApplicationBuilder.Services.AddKeyedSingleton<IHealthCheck>(key, (_, _) => new KafkaMetadataHealthCheck(resource));
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, sp => sp.GetRequiredKeyedService<IHealthCheck>(key), HealthStatus.Unhealthy, null));
        return builder.WithHealthCheck(key);
    }
}
