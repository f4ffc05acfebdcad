using DocStream.AppHost.Hosting;
using DocStream.Contracts;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DocStream.AppHost.Tests;

public sealed class DeploymentSettingsTests
{
    private static DeploymentSettings Read(params (string Key, string Value)[] values) =>
        DeploymentSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Without_settings_one_instance_of_each_service_writes_with_majority()
    {
        var settings = Read();
        Assert.Equal(1, settings.ProcessorReplicas);
        Assert.Equal(1, settings.IngestApiReplicas);
        Assert.Equal("majority", settings.MongoWriteConcern);
    }

    [Fact]
    public void Configured_replicas_and_write_concern_are_taken()
    {
        var settings = Read((DeploymentSettings.ProcessorReplicasKey, "4"), (DeploymentSettings.IngestApiReplicasKey, "3"),
            (DeploymentSettings.MongoWriteConcernKey, "MAJORITY"));
        Assert.Equal(4, settings.ProcessorReplicas);
        Assert.Equal(3, settings.IngestApiReplicas);
        Assert.Equal("majority", settings.MongoWriteConcern);
    }

    [Fact]
    public void As_many_processors_as_ingest_partitions_are_allowed() =>
        Assert.Equal(PipelineNames.IngestTopicPartitions,
            Read((DeploymentSettings.ProcessorReplicasKey, PipelineNames.IngestTopicPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture))).ProcessorReplicas);

    [Theory]
    [InlineData("0")]
    [InlineData("13")]
    [InlineData("three")]
    [InlineData("2.5")]
    public void Processor_replicas_outside_one_to_the_partition_count_fail_clearly(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((DeploymentSettings.ProcessorReplicasKey, value)));
        Assert.Contains($"DocStream:ProcessorReplicas is '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"from 1 to {PipelineNames.IngestTopicPartitions}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("101")]
    public void Ingest_API_replicas_outside_one_to_a_hundred_fail_clearly(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((DeploymentSettings.IngestApiReplicasKey, value)));
        Assert.Contains($"DocStream:IngestApiReplicas is '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("3", "3")]
    [InlineData(" majority ", "majority")]
    public void A_write_concern_of_majority_or_a_member_count_is_taken(string value, string expected) =>
        Assert.Equal(expected, Read((DeploymentSettings.MongoWriteConcernKey, value)).MongoWriteConcern);

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("all")]
    [InlineData("1&journal=false")]
    public void Any_other_write_concern_fails_clearly(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((DeploymentSettings.MongoWriteConcernKey, value)));
        Assert.Contains(DeploymentSettings.MongoWriteConcernKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("majority", error.Message, StringComparison.Ordinal);
    }
}
