using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>One partition of a topic: its offsets and where a consumer group has committed in it (null: never).</summary>
public sealed record PartitionPosition(int Partition, long Earliest, long Latest, long? Committed)
{
    /// <summary>Messages the group has not consumed yet (all that the log holds while it has committed nothing).</summary>
    public long Unconsumed => Math.Max(0, Latest - Math.Max(Committed ?? Earliest, Earliest));

    /// <summary>Messages a rewind to the earliest offset would read again.</summary>
    public long SinceEarliest => Committed is { } committed ? Math.Max(0, committed - Earliest) : 0;
}

/// <summary>
/// A consumer group's position in a topic, read with an admin client (metadata, committed offsets, earliest and latest
/// offsets): the lag the ingest API sheds on, the document locator's search range, the dashboard's topic browser and
/// rewind dry run all read it this one way.
/// </summary>
public static class ConsumerGroupOffsets
{
    public static async Task<IReadOnlyList<PartitionPosition>> ReadAsync(IAdminClient admin, string group, string topic, TimeSpan timeout)
    {
        var partitions = admin.GetMetadata(topic, timeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
        if (partitions.Count == 0)
        {
            return [];
        }
        var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout }))
            .Single().Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
        var earliest = await ListOffsetsAsync(admin, partitions, OffsetSpec.Earliest(), timeout);
        var latest = await ListOffsetsAsync(admin, partitions, OffsetSpec.Latest(), timeout);
        return partitions.Select(p => new PartitionPosition(p.Partition.Value, earliest[p.Partition.Value], latest[p.Partition.Value],
            committed.TryGetValue(p.Partition.Value, out var c) && c >= 0 ? c : null)).ToList();
    }

    private static async Task<Dictionary<int, long>> ListOffsetsAsync(IAdminClient admin, List<TopicPartition> partitions, OffsetSpec spec, TimeSpan timeout) =>
        (await admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = timeout }))
        .ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);
}
