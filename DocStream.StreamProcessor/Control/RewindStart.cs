using Confluent.Kafka;

namespace DocStream.StreamProcessor.Control;

/// <summary>Where one partition stands when a rewind is applied.</summary>
/// <param name="Committed">The group's committed offset (negative: nothing committed yet).</param>
/// <param name="Low">The first offset still in the log.</param>
/// <param name="AtTime">For a rewind to a point in time, the first offset at or after it (negative: no message that late); null for a rewind to the earliest.</param>
public sealed record RewindStart(TopicPartition Partition, long Committed, long Low, long? AtTime);
