using Confluent.Kafka;
using DocStream.Contracts;

namespace DocStream.StreamProcessor.Control;

/// <summary>
/// Sets the given partitions back as a rewind asks: reads where each stands, plans the moves (<see cref="RewindPlan"/>),
/// seeks and commits them, so a restart or the next owner also starts there.
/// </summary>
public static class RewindApplier
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static RewindPlan Apply(IConsumer<string?, byte[]> consumer, IReadOnlyList<TopicPartition> partitions, RewindRequest request)
    {
        var plan = RewindPlan.For(ReadStarts(consumer, partitions, request));
        foreach (var move in plan.Moves)
        {
            consumer.Seek(move);
        }
        if (plan.Moves.Count > 0)
        {
            consumer.Commit(plan.Moves);
        }
        return plan;
    }

    private static List<RewindStart> ReadStarts(IConsumer<string?, byte[]> consumer, IReadOnlyList<TopicPartition> partitions, RewindRequest request)
    {
        var committed = consumer.Committed(partitions, Timeout).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        // The dashboard's dry run sends the offsets it found (the emulator's broker has no time index to ask).
        var atTime = request.Offsets is { } given
            ? partitions.ToDictionary(p => p, p => given.FirstOrDefault(o => o.Partition == p.Partition.Value)?.Offset ?? -1)
            : request.ToTime is { } at
            ? consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(at, TimestampType.CreateTime))), Timeout)
                .ToDictionary(r => r.TopicPartition, r => r.Offset.Value)
            : null;
        return [.. partitions.Select(p => new RewindStart(p, committed.GetValueOrDefault(p, -1),
            consumer.QueryWatermarkOffsets(p, Timeout).Low.Value, atTime is null ? null : atTime[p]))];
    }
}
