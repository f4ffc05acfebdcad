namespace DocStream.Contracts;

/// <summary>
/// The marks a re-drive leaves on a <see cref="PipelineNames.DeadLettersCollection"/> record, under <see cref="Field"/>.
/// Only the dashboard writes them; the processor's dead-letter fields are left as they were.
/// </summary>
public static class DeadLetterRedriveFields
{
    public const string Field = "redrive";

    /// <summary>How many times this record was produced again.</summary>
    public const string Count = Field + ".count";

    /// <summary>Re-drives that led to this record's message (0 for a first failure): the loop guard's measure.</summary>
    public const string Lineage = Field + ".lineage";

    public const string LastAt = Field + ".lastAt";
    public const string LastBy = Field + ".lastBy";

    /// <summary><c>produced</c>, <c>invalid: …</c> or <c>failed: …</c>.</summary>
    public const string LastResult = Field + ".lastResult";

    /// <summary>The document id it was produced with (kept, or derived from the dead letter's id).</summary>
    public const string DocumentId = Field + ".documentId";

    public const string LastPartition = Field + ".lastPartition";
    public const string LastOffset = Field + ".lastOffset";

    /// <summary>
    /// The dead-letter ids a failing copy would get (<c>topic:partition:offset</c> of each produced copy), so a copy
    /// dead-lettered again finds the record it came from.
    /// </summary>
    public const string ProducedTo = Field + ".producedTo";

    /// <summary>Kafka header on a re-driven message: the id of the dead letter it came from.</summary>
    public const string RedriveOfHeader = "docstream-redrive-of";

    /// <summary>The id of the dead letter a message at this position would get (the processor's poison id).</summary>
    public static string PositionId(string topic, int partition, long offset) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{topic}:{partition}:{offset}");
}
