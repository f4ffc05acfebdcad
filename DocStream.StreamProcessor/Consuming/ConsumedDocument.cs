using System.Diagnostics;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;
using DocStream.StreamProcessor.Storage;
using MongoDB.Bson.Serialization;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// A message of the current micro-batch: decoded (and already encoded as the document to store), or with the reason it
/// could not be.
/// </summary>
public sealed class ConsumedDocument
{
    private InvoiceLine? _line;

    /// <summary>A message decoded into <paramref name="line"/>, or refused with <paramref name="decodeError"/> (line null).</summary>
    public ConsumedDocument(ConsumeResult<string?, byte[]> message, InvoiceLine? line, string? decodeError)
    {
        Message = message;
        Origin = OriginOf(message);
        DecodeError = decodeError;
        _line = line;
        Stored = line is null ? null : StoredLineEncoder.Encode(line, ProvenanceOf(message, Origin));
    }

    /// <summary>A message read straight into the document to store.</summary>
    internal ConsumedDocument(ConsumeResult<string?, byte[]> message, ActivityContext origin, StoredLine stored)
    {
        Message = message;
        Origin = origin;
        Stored = stored;
    }

    public ConsumeResult<string?, byte[]> Message { get; }

    /// <summary>The document to upsert, with its <c>_meta</c> (stamped with the time at each write); null when the message could not be decoded.</summary>
    public StoredLine? Stored { get; }

    public string? DecodeError { get; }

    /// <summary>The decoded line's documented fields (no <c>_meta</c>); null when the message could not be decoded. Read back from <see cref="Stored"/> on demand: the loop needs only the id.</summary>
    public InvoiceLine? Line => _line ??= Stored is null ? null : BsonSerializer.Deserialize<InvoiceLine>(Stored.Bson) with { Meta = null };

    public TopicPartition Partition => Message.TopicPartition;
    public long Offset => Message.Offset.Value;

    /// <summary>The producing request's trace context from the message headers; default when it carried none. Read once, used by the batch span, the write and <c>_meta</c>.</summary>
    public ActivityContext Origin { get; }

    internal static ActivityContext OriginOf(ConsumeResult<string?, byte[]> message) =>
        KafkaTelemetry.TryExtract(message.Message?.Headers, out var origin) ? origin : default;

    /// <summary>What <c>_meta</c> records of where the message was read.</summary>
    internal static StoredLineEncoder.Provenance ProvenanceOf(ConsumeResult<string?, byte[]> message, ActivityContext origin) =>
        new(message.Partition.Value, message.Offset.Value, origin == default ? null : origin.TraceId);
}
