namespace DocStream.StreamProcessor.Telemetry;

/// <summary>One partition's log bounds and this consumer's position in it (Kafka's negative offsets where unknown).</summary>
public sealed record PartitionOffsets(int Partition, long Low, long High, long Position);
