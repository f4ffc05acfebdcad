using Confluent.Kafka;
using DocStream.IngestApi.Kafka;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Admission;

/// <summary>
/// Reads the processor group's lag from Kafka every <see cref="AdmissionOptions.Interval"/>: end offsets against the
/// committed ones, per partition of the ingest topic (a partition never committed counts from its earliest offset),
/// and the age of each lagging partition's oldest unwritten message (the timestamp of the message at the group's
/// position, read again only when that position moved, at most every <see cref="AdmissionOptions.AgeInterval"/>).
/// The admin client rides on the producer's connection and the reads on the API's lookup consumer: no connection
/// and no thread of its own.
/// </summary>
internal sealed class ConsumerLagMonitor(
    IProducer<string, byte[]> producer, LookupConsumer lookup, AdmissionGate gate, IOptions<AdmissionOptions> admission, IOptions<IngestOptions> ingest,
    TimeProvider time, ILogger<ConsumerLagMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Per partition, the oldest unwritten message as last read: its offset, its timestamp and when it was read.</summary>
    private readonly Dictionary<int, OldestUnwritten> _oldest = [];

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
                var positions = await ConsumerGroupOffsets.ReadAsync(admin, options.ConsumerGroup, ingest.Value.Topic, RequestTimeout);
                var now = time.GetUtcNow().UtcDateTime;
                var age = options.MaxLagAge > TimeSpan.Zero ? await OldestAgeAsync(positions, now, stoppingToken) : TimeSpan.Zero;
                var previous = gate.State;
                var next = AdmissionState.Next(previous, positions.ToDictionary(p => p.Partition, p => p.Unconsumed), options, now, age);
                if (next.Shedding != previous.Shedding)
                {
                    if (next.Shedding)
                    {
                        logger.LogWarning("Shedding load: {Cause}; answering 503 until the processor catches up.", next.Describe(options));
                    }
                    else
                    {
                        logger.LogInformation("Accepting again: partition {Partition} has {Lag} unconsumed messages (budget {Budget}), the oldest waits {Age}.",
                            next.WorstPartition, next.WorstLag, options.MaxLagPerPartition, next.OldestAge);
                    }
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

    private async Task<TimeSpan> OldestAgeAsync(IReadOnlyList<PartitionPosition> positions, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var caughtUp in positions.Where(p => p.Unconsumed == 0))
        {
            _oldest.Remove(caughtUp.Partition);
        }
        var toRead = positions.Where(p => p.Unconsumed > 0)
            .Select(p => (p.Partition, Position: Math.Max(p.Committed ?? p.Earliest, p.Earliest)))
            .Where(p => !_oldest.TryGetValue(p.Partition, out var known)
                || known.Offset != p.Position && now - known.ReadAt >= admission.Value.AgeInterval)
            .ToList();
        if (toRead.Count > 0)
        {
            var topic = ingest.Value.Topic;
            var read = await lookup.RunAsync(consumer => Task.FromResult(toRead
                .Select(p => (p.Partition, p.Position, At: LookupConsumer.TimestampAt(consumer, new TopicPartition(topic, p.Partition), p.Position, RequestTimeout)))
                .ToList()), cancellationToken);
            foreach (var (partition, position, at) in read)
            {
                if (at is { } timestamp)
                {
                    _oldest[partition] = new OldestUnwritten(position, timestamp, now);
                }
                else
                {
                    _oldest.Remove(partition);
                }
            }
        }
        return _oldest.Values.Select(o => now - o.Timestamp).DefaultIfEmpty(TimeSpan.Zero).Max() is var age && age > TimeSpan.Zero ? age : TimeSpan.Zero;
    }

    private sealed record OldestUnwritten(long Offset, DateTime Timestamp, DateTime ReadAt);
}
