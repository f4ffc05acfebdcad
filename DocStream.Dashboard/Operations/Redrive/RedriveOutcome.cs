using DocStream.Contracts;

namespace DocStream.Dashboard.Operations.Redrive;

public enum RedriveOutcomeKind
{
    /// <summary>Produced and acknowledged by Kafka (in a dry run: would be).</summary>
    Resent,

    /// <summary>Fails the ingest API's validation: not produced, see the field errors.</summary>
    Invalid,

    /// <summary>An offset-gap record: there is nothing to send; the source must resend.</summary>
    Gap,

    /// <summary>Left out of a bulk re-drive by the loop guard (a single re-drive may still send it).</summary>
    HeldBack,

    /// <summary>Valid, but Kafka did not acknowledge it: nothing is known to be sent, try again.</summary>
    Failed,

    NotFound,
}

/// <summary>What became (or in a dry run would become) of one dead letter.</summary>
public sealed record RedriveOutcome(string DeadLetterId, RedriveOutcomeKind Kind)
{
    /// <summary>The validated document that is (or would be) produced.</summary>
    public InvoiceLine? Line { get; init; }

    /// <summary>The id the document is (or would be) produced with.</summary>
    public string? DocumentId { get; init; }

    /// <summary>Field errors of an invalid document, by field (as the ingest API names them).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>Why Kafka refused, for <see cref="RedriveOutcomeKind.Failed"/>.</summary>
    public string? Error { get; init; }

    public int? Partition { get; init; }
    public long? Offset { get; init; }

    /// <summary>Re-drives that led to this dead letter (the loop guard's measure).</summary>
    public int Lineage { get; init; }
}
