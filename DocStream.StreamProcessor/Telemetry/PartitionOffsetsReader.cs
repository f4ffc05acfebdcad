using Confluent.Kafka;

namespace DocStream.StreamProcessor.Telemetry;

/// <summary>Reads the assigned partitions' log bounds and this consumer's position in each, for the <see cref="LagSampler"/>.</summary>
public static class PartitionOffsetsReader
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromMilliseconds(500);

    /// <param name="askBroker">
    /// Ask the broker instead of using the end offsets that come with fetch responses: while fetching is paused (by an
    /// operator or a MongoDB outage) those stand still and the lag would look flat.
    /// </param>
    /// <returns>Null when a partition could not be read: no sample this time.</returns>
    public static List<PartitionOffsets>? TryRead(IConsumer<string?, byte[]> consumer, IReadOnlyCollection<TopicPartition> assigned, bool askBroker,
        ILogger logger)
    {
        var offsets = new List<PartitionOffsets>(assigned.Count);
        foreach (var p in assigned)
        {
            try
            {
                var watermarks = askBroker ? consumer.QueryWatermarkOffsets(p, BrokerTimeout) : consumer.GetWatermarkOffsets(p);
                offsets.Add(new PartitionOffsets(p.Partition.Value, watermarks.Low.Value, watermarks.High.Value, consumer.Position(p).Value));
            }
            catch (KafkaException e)
            {
                logger.LogDebug("Reading the position of {Partition} failed ({Reason}); lag not sampled this time.", p, e.Error.Reason);
                return null;
            }
        }
        return offsets;
    }
}
