using Confluent.Kafka;

namespace DocStream.StreamProcessor.Control;

/// <summary>
/// Where a rewind sets each partition: to the earliest offset or to the first at the requested time, never forward of
/// the committed position and never before the log's start. Partitions that would not move are left out.
/// </summary>
/// <param name="Moves">The new position of each partition that moves back.</param>
/// <param name="Messages">How many messages will be read again in all.</param>
public sealed record RewindPlan(IReadOnlyList<TopicPartitionOffset> Moves, long Messages)
{
    public static RewindPlan For(IEnumerable<RewindStart> partitions)
    {
        var moves = new List<TopicPartitionOffset>();
        long again = 0;
        foreach (var p in partitions)
        {
            // A log truncated past the committed offset has nothing before it to read again.
            var now = Math.Max(p.Committed, p.Low);
            // No message at or after the time: nothing of that partition to read again.
            var target = p.AtTime is not { } atTime ? p.Low : atTime >= 0 ? atTime : now;
            target = Math.Clamp(target, p.Low, now);
            if (target < now)
            {
                moves.Add(new TopicPartitionOffset(p.Partition, new Offset(target)));
                again += now - target;
            }
        }
        return new RewindPlan(moves, again);
    }
}
