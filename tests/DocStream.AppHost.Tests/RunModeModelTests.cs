using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>The run-mode application model, built by the testing builder without starting anything.</summary>
public sealed class RunModeModelTests
{
    private static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(
            ["DocStream:Infrastructure=external", "ConnectionStrings:kafka=localhost:9092",
             "ConnectionStrings:docstreaming=mongodb://localhost:27017/docstreaming", .. args]);

    [Fact]
    public async Task Configured_replicas_apply_to_the_processor_and_the_ingest_API()
    {
        await using var builder = await CreateAsync("DocStream:ProcessorReplicas=3", "DocStream:IngestApiReplicas=2");
        Assert.Equal(3, Replicas(builder, "processor"));
        Assert.Equal(2, Replicas(builder, "ingestapi"));
        Assert.Equal(1, Replicas(builder, "dashboard"));
    }

    [Fact]
    public async Task Without_settings_every_service_runs_once()
    {
        await using var builder = await CreateAsync();
        Assert.Equal(1, Replicas(builder, "processor"));
        Assert.Equal(1, Replicas(builder, "ingestapi"));
    }

    private static int Replicas(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(r => r.Name == name).Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
}
