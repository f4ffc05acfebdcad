using Confluent.Kafka;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>What to commit after a batch is stored: for each partition, the offset after its last message.</summary>
public static class CommitOffsets
{
    public static List<TopicPartitionOffset> After(IReadOnlyList<ConsumedDocument> written) =>
        [.. written
            .GroupBy(d => d.Partition)
            .Select(g => new TopicPartitionOffset(g.Key, new Offset(g.Max(d => d.Offset) + 1)))];
}
