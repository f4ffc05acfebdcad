using DocStream.Contracts;

namespace DocStream.Dashboard.Data;

/// <summary>A dead letter as the console shows it, read from its stored schema (<see cref="DeadLetterDocument"/>).</summary>
public sealed record DeadLetter(
    string Id, string Kind, string Reason, string Topic, int Partition, long Offset, long? LastOffset,
    string? Key, string? Value, DateTime ReceivedAt)
{
    public const string PoisonKind = DeadLetterDocument.PoisonKind;
    public const string GapKind = DeadLetterDocument.GapKind;

    /// <summary>The exact bytes of the original value (<see cref="Value"/> is their UTF-8 reading, invalid bytes replaced).</summary>
    public string? ValueBase64 { get; init; }

    /// <summary>What operators did with it; null when never re-driven.</summary>
    public RedriveMark? Redrive { get; init; }

    public bool IsGap => Kind == GapKind;
}
