using DocStream.Contracts;
using DocStream.Testing;

namespace DocStream.IngestApi.Tests;

/// <summary>The API as a real process: container platforms probe /health every few seconds for months.</summary>
public sealed class HealthProbeEnduranceTests
{
    [Fact]
    public async Task Five_hundred_health_probes_leave_the_api_threads_and_descriptors_flat()
    {
        await using var kafka = KafkaEmulator.KafkaEmulator.Start(0, [(PipelineNames.IngestTopic, 2)]);
        using var api = await ServiceProcess.StartAsync("DocStream.IngestApi", new Dictionary<string, string>
        {
            [$"ConnectionStrings__{PipelineNames.Kafka}"] = kafka.BootstrapServers,
            ["Ingest__ApiKey"] = "endurance-test-key-0123456789abcdef",
        });

        var growth = await api.GrowthOverHealthProbesAsync(500);

        // A client per probe cost 5 threads and 5 descriptors each time (2,500 here).
        Assert.InRange(growth.Threads, int.MinValue, 5);
        Assert.InRange(growth.Descriptors, int.MinValue, 5);
        Assert.False(api.HasExited);
    }
}
