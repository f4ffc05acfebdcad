using Confluent.Kafka;

namespace DocStream.Dashboard.Kafka;

/// <summary>
/// The first offset of a partition whose message is at or after a time (-1: none). Kafka answers from its time index;
/// the Kafka emulator's mock broker answers -1 for every time. So a -1 is checked against the partition's last
/// message, and when that one is at or after the time the offset is found by a binary search over the log
/// (a few reads per partition; producers stamp CreateTime from one clock, so a partition's times ascend).
/// </summary>
internal static class OffsetAtTimeLookup
{
    public static long Find(IConsumer<string?, byte[]> consumer, TopicPartition partition, long earliest, long latest, DateTime at, TimeSpan timeout)
    {
        if (latest <= earliest)
        {
            return -1;
        }
        var wanted = new Timestamp(DateTime.SpecifyKind(at, DateTimeKind.Utc), TimestampType.CreateTime);
        var indexed = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, wanted)], timeout).Single().Offset.Value;
        if (indexed >= 0)
        {
            return indexed;
        }
        var last = MessageAtOrAfter(consumer, partition, latest - 1, timeout);
        if (last is not { } newest || newest.UnixMs < wanted.UnixTimestampMs)
        {
            return -1;
        }
        // First message at or after the time in [low, high); `found` is the earliest such message seen so far.
        long low = earliest, high = newest.Offset, found = newest.Offset;
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            if (MessageAtOrAfter(consumer, partition, mid, timeout) is not { } read || read.Offset >= high)
            {
                high = mid; // no message in [mid, high)
            }
            else if (read.UnixMs >= wanted.UnixTimestampMs)
            {
                found = read.Offset;
                high = read.Offset;
            }
            else
            {
                low = read.Offset + 1;
            }
        }
        return found;
    }

    private static (long Offset, long UnixMs)? MessageAtOrAfter(IConsumer<string?, byte[]> consumer, TopicPartition partition, long offset, TimeSpan timeout)
    {
        consumer.Assign(new TopicPartitionOffset(partition, offset));
        try
        {
            return consumer.Consume(timeout) is { IsPartitionEOF: false } result
                ? (result.Offset.Value, result.Message.Timestamp.UnixTimestampMs)
                : null;
        }
        finally
        {
            consumer.Unassign();
        }
    }
}
