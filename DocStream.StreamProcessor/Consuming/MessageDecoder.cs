using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Storage;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// Turns a consumed message into an invoice line, or into the reason it cannot be one (it is then dead-lettered).
/// Never throws: one bad message must not stop the loop.
/// </summary>
public static class MessageDecoder
{
    public static ConsumedDocument Decode(ConsumeResult<string?, byte[]> result)
    {
        if (result.Message.Value is null || result.Message.Value.Length == 0)
        {
            return new ConsumedDocument(result, null, "The message has no value.");
        }
        if (!System.Text.Unicode.Utf8.IsValid(result.Message.Value))
        {
            // JSON on the wire is UTF-8. The deserializer would replace invalid bytes (e.g. a latin-1 '£') with
            // U+FFFD and the altered text would be stored as if it were the sender's.
            return new ConsumedDocument(result, null, "The message value is not valid UTF-8 (a JSON message must be UTF-8; was it sent as latin-1?).");
        }
        var origin = ConsumedDocument.OriginOf(result);
        if (InvoiceLineJsonFastPath.TryEncode(result.Message.Value, ConsumedDocument.ProvenanceOf(result, origin)) is { } stored)
        {
            return new ConsumedDocument(result, origin, stored);
        }
        try
        {
            var line = InvoiceLineJson.Deserialize(result.Message.Value);
            // The API validated it, but anyone can write to a topic: check what the store relies on.
            if (string.IsNullOrEmpty(line.Id) || !InvoiceLineReader.IsValidId(line.Id) || string.IsNullOrEmpty(line.InvoiceNo))
            {
                return new ConsumedDocument(result, null, "The document has no valid Id or InvoiceNo.");
            }
            if (line.StockCode is null || line.Description is null || line.Country is null)
            {
                return new ConsumedDocument(result, null, "The document has null in a required text field (StockCode, Description or Country).");
            }
            return new ConsumedDocument(result, line, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Not only JsonException: invalid UTF-8 inside a string surfaces as InvalidOperationException, and an
            // exception escaping here would stop the whole loop (and the host) on one bad message.
            return new ConsumedDocument(result, null, $"The message is not an invoice line: {e.Message}");
        }
    }

    /// <summary>
    /// A message whose key or value the client could not deserialize: kept with its raw bytes so it can be
    /// dead-lettered and the partition moves on. Null when the error names no message.
    /// </summary>
    public static ConsumedDocument? Unreadable(ConsumeException error)
    {
        if (error.ConsumerRecord is not { } raw)
        {
            return null;
        }
        var record = new ConsumeResult<string?, byte[]>
        {
            TopicPartitionOffset = raw.TopicPartitionOffset,
            Message = new Message<string?, byte[]>
            {
                Key = raw.Message?.Key is { } k ? Encoding.UTF8.GetString(k) : null,
                Value = raw.Message?.Value ?? [],
                Headers = raw.Message?.Headers ?? [],
            },
        };
        return new ConsumedDocument(record, null, $"The message could not be read: {error.Error.Reason}");
    }
}
