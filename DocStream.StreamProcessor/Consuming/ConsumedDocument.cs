using System.Diagnostics;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>A message of the current micro-batch: decoded, or with the reason it could not be.</summary>
public sealed record ConsumedDocument(ConsumeResult<string?, byte[]> Message, InvoiceLine? Line, string? DecodeError)
{
    public TopicPartition Partition => Message.TopicPartition;
    public long Offset => Message.Offset.Value;

    /// <summary>The producing request's trace context from the message headers; default when it carried none. Read once, used by the batch span and the write.</summary>
    public ActivityContext Origin { get; } = KafkaTelemetry.TryExtract(Message.Message?.Headers, out var origin) ? origin : default;
}
