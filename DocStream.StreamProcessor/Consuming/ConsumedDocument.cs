using Confluent.Kafka;
using DocStream.Contracts;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>A message of the current micro-batch: decoded, or with the reason it could not be.</summary>
public sealed record ConsumedDocument(ConsumeResult<string?, byte[]> Message, InvoiceLine? Line, string? DecodeError)
{
    public TopicPartition Partition => Message.TopicPartition;
    public long Offset => Message.Offset.Value;
}
