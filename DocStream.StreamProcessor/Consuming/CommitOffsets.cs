using Confluent.Kafka;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>What to commit after a batch is stored: for each partition, the offset after its last message.</summary>
public static class CommitOffsets
{
    public static List<TopicPartitionOffset> After(IReadOnlyList<ConsumedDocument> written)
    {
        // One pass, no grouping: this runs for every batch on the consumer thread.
        var last = new Dictionary<TopicPartition, long>();
        for (var i = 0; i < written.Count; i++)
        {
            var d = written[i];
            if (!last.TryGetValue(d.Partition, out var offset) || d.Offset > offset)
            {
                last[d.Partition] = d.Offset;
            }
        }
        return [.. last.Select(p => new TopicPartitionOffset(p.Key, new Offset(p.Value + 1)))];
    }
}
