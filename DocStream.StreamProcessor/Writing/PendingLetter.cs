using DocStream.Contracts;
using Confluent.Kafka;

namespace DocStream.StreamProcessor.Writing;

/// <summary>A dead letter waiting to be written, with the message it stands for (none for a gap).</summary>
public sealed record PendingLetter(DeadLetterDocument Letter, Message<string?, byte[]>? Original);
