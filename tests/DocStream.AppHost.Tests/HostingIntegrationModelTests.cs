using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DocStream.Contracts;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>How the AppHost uses the official-shaped hosting integrations and DocStream's opt-ins (containers mode model).</summary>
public sealed class HostingIntegrationModelTests
{
    private static Task<IDistributedApplicationTestingBuilder> ContainersAsync() =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(["DocStream:Infrastructure=containers"]);

    [Fact]
    public async Task With_topic_auto_creation_off_Kafka_is_checked_by_metadata_not_by_producing_to_a_topic()
    {
        await using var builder = await ContainersAsync();
        var kafka = builder.Resources.Single(r => r.Name == PipelineNames.Kafka);

        Assert.Equal(["kafka_kafka_metadata_check"], kafka.Annotations.OfType<HealthCheckAnnotation>().Select(a => a.Key));
    }

    [Fact]
    public async Task The_data_volumes_keep_their_names_from_before_the_official_defaults()
    {
        await using var builder = await ContainersAsync();

        foreach (var (resource, volume) in new[] { (PipelineNames.Kafka, "docstream-kafka-data"), (PipelineNames.MongoServer, "docstream-mongo-data") })
        {
            var mount = Assert.Single(builder.Resources.Single(r => r.Name == resource).Annotations.OfType<ContainerMountAnnotation>());
            Assert.Equal(volume, mount.Source);
        }
    }

    [Fact]
    public async Task A_second_WithKafkaUI_configures_the_one_Kafka_UI()
    {
        await using var builder = await ContainersAsync();
        var kafka = builder.CreateResourceBuilder(builder.Resources.OfType<KafkaServerResource>().Single());
        var configured = 0;

        kafka.WithKafkaUI(ui => configured++, containerName: "another-ui");

        Assert.Equal(1, configured);
        Assert.Equal("kafka-ui", Assert.Single(builder.Resources.OfType<KafkaUIContainerResource>()).Name);
    }

    [Fact]
    public async Task Without_a_name_a_data_volume_is_named_as_the_official_generator_names_it()
    {
        await using var builder = await ContainersAsync();
        var extra = builder.AddKafka("extra-kafka").WithDataVolume();

        var mount = Assert.Single(extra.Resource.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(VolumeNameGenerator.Generate(extra, "data"), mount.Source);
        Assert.EndsWith("-extra-kafka-data", mount.Source, StringComparison.Ordinal);
    }
}
