using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Consuming;

namespace DocStream.StreamProcessor.Tests.Units;

/// <summary>Consumed messages built in memory, as the consumer would hand them over.</summary>
internal static class Messages
{
    public const string Topic = "ingestion-topic";

    public static InvoiceLine Line(string id, int quantity = 6) => new()
    {
        Id = id,
        InvoiceNo = "536365",
        StockCode = "85123A",
        Description = "WHITE HANGING HEART T-LIGHT HOLDER",
        Quantity = quantity,
        InvoiceDate = new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc),
        UnitPrice = 2.55m,
        CustomerID = 17850,
        Country = "United Kingdom",
    };

    public static ConsumeResult<string?, byte[]> Raw(byte[]? value, int partition = 0, long offset = 0, Headers? headers = null,
        DateTime? producedAt = null) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(Topic, new Partition(partition), new Offset(offset)),
        Message = new Message<string?, byte[]>
        {
            Key = "536365",
            Value = value!,
            Headers = headers ?? [],
            Timestamp = new Timestamp(producedAt ?? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), TimestampType.CreateTime),
        },
    };

    public static ConsumeResult<string?, byte[]> Json(string json, int partition = 0, long offset = 0) =>
        Raw(Encoding.UTF8.GetBytes(json), partition, offset);

    /// <summary>A decoded document, as the decoder makes it.</summary>
    public static ConsumedDocument Document(string id, int partition = 0, long offset = 0, int quantity = 6, Headers? headers = null,
        DateTime? producedAt = null) =>
        new(Raw(InvoiceLineJson.Serialize(Line(id, quantity)), partition, offset, headers, producedAt), Line(id, quantity), null);

    public static ConsumedDocument Poison(int partition = 0, long offset = 0) =>
        new(Raw(Encoding.UTF8.GetBytes("not json"), partition, offset), null, "The message is not an invoice line.");
}
