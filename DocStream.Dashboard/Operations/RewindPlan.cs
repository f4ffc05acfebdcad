using DocStream.Dashboard.Kafka;

namespace DocStream.Dashboard.Operations;

/// <summary>
/// What a rewind would read again, per partition of the ingest topic, and from which offset. The request carries
/// these offsets, so the processor rewinds to exactly what the dry run showed.
/// </summary>
public sealed record RewindPlan(IReadOnlyList<PartitionRewind> Partitions)
{
    /// <summary>The time rewound to (UTC); null for the earliest offset.</summary>
    public DateTime? ToTime { get; init; }

    public long Total => Partitions.Sum(p => p.Messages);

    /// <summary>
    /// The plan the processor will carry out: each partition goes back to its earliest offset, or to the first offset
    /// at or after the time; never forward, and never before the earliest. A partition the group never committed in
    /// has nothing to read again; one with no message at or after the time neither.
    /// </summary>
    /// <param name="offsetsAtTime">The first offset at or after the time by partition (-1: none); null to rewind to the earliest.</param>
    public static RewindPlan For(IReadOnlyList<PartitionOffsets> positions, IReadOnlyDictionary<int, long>? offsetsAtTime) =>
        new(positions.Select(p =>
        {
            if (p.Committed is not { } committed)
            {
                return new PartitionRewind(p.Partition, 0);
            }
            var target = offsetsAtTime is null
                ? p.Earliest
                : offsetsAtTime.GetValueOrDefault(p.Partition, -1) is >= 0 and var at ? at : committed;
            // A log truncated past the committed offset has nothing before it to read again.
            var from = Math.Max(target, p.Earliest);
            return from < committed ? new PartitionRewind(p.Partition, committed - from, from) : new PartitionRewind(p.Partition, 0);
        }).ToList());
}

/// <param name="From">The offset this partition is set back to; null when it does not move.</param>
public sealed record PartitionRewind(int Partition, long Messages, long? From = null);
