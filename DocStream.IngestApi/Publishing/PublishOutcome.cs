namespace DocStream.IngestApi.Publishing;

/// <summary>What became of one document handed to Kafka.</summary>
public readonly record struct PublishOutcome(bool Acknowledged, string? Error, int Partition, long Offset)
{
    public static PublishOutcome Pending => new(false, "Kafka did not acknowledge in time.", -1, -1);
}
