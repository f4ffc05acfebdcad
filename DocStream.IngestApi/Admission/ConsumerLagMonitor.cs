using Confluent.Kafka;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Admission;

/// <summary>
/// Reads the processor group's lag from Kafka every <see cref="AdmissionOptions.Interval"/>: end offsets against the
/// committed ones, per partition of the ingest topic (a partition never committed counts from its earliest offset).
/// Uses an admin client on the producer's connection, so it adds no connection and no thread of its own.
/// </summary>
internal sealed class ConsumerLagMonitor(
    IProducer<string, byte[]> producer, AdmissionGate gate, IOptions<AdmissionOptions> admission, IOptions<IngestOptions> ingest,
    TimeProvider time, ILogger<ConsumerLagMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = admission.Value;
        if (!options.Enabled)
        {
            return;
        }
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        using var timer = new PeriodicTimer(options.Interval, time);
        do
        {
            try
            {
                var lag = await ReadLagAsync(admin, options.ConsumerGroup, ingest.Value.Topic);
                var previous = gate.State;
                var next = AdmissionState.Next(previous, lag, options, time.GetUtcNow().UtcDateTime);
                if (next.Shedding != previous.Shedding)
                {
                    logger.Log(next.Shedding ? LogLevel.Warning : LogLevel.Information,
                        next.Shedding
                            ? "Shedding load: partition {Partition} has {Lag} unconsumed messages (budget {Budget}); answering 503 until the processor catches up."
                            : "Accepting again: partition {Partition} has {Lag} unconsumed messages (budget {Budget}).",
                        next.WorstPartition, next.WorstLag, options.MaxLagPerPartition);
                }
                gate.Update(next);
            }
            catch (KafkaException e)
            {
                // The last decision holds; a broker that is down refuses the documents by itself.
                logger.LogDebug("Consumer lag not read: {Reason}", e.Error.Reason);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static async Task<Dictionary<int, long>> ReadLagAsync(IAdminClient admin, string group, string topic) =>
        (await ConsumerGroupOffsets.ReadAsync(admin, group, topic, RequestTimeout)).ToDictionary(p => p.Partition, p => p.Unconsumed);
}
