using DocStream.StreamProcessor.Tests.Infrastructure;
using DocStream.Testing;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>The processor's /health runs the Kafka consumer's and MongoDB's checks: both must live as long as the process.</summary>
public sealed class HealthProbeEnduranceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_hundred_health_probes_leave_the_processor_threads_and_descriptors_flat()
    {
        await using var pipeline = await TestPipeline.StartAsync(output, partitions: 2);
        using var processor = await ServiceProcess.StartAsync("DocStream.StreamProcessor", new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = pipeline.BootstrapServers,
            ["ConnectionStrings__docstreaming"] = pipeline.Mongo.ConnectionString,
            ["Processor__GroupId"] = pipeline.GroupId,
        });

        var growth = await processor.GrowthOverHealthProbesAsync(500);

        Assert.InRange(growth.Threads, int.MinValue, 5);
        Assert.InRange(growth.Descriptors, int.MinValue, 5);
        Assert.False(processor.HasExited);
    }
}
