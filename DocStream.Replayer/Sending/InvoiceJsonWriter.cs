using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using DocStream.Contracts;
using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Sending;

/// <summary>
/// Writes documents as the ingest API takes them, straight to UTF-8 with <see cref="Utf8JsonWriter"/>:
/// PascalCase names, InvoiceDate as ISO-8601 without a zone (the shop's wall-clock time), UnitPrice as an
/// exact decimal (<c>0.001</c> stays <c>0.001</c>), CustomerID a number or null, text unchanged.
/// </summary>
public static class InvoiceJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // The body is JSON for an API, not HTML: keep £ and quotes readable instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("Id");
    private static readonly JsonEncodedText InvoiceNo = JsonEncodedText.Encode(nameof(InvoiceLine.InvoiceNo));
    private static readonly JsonEncodedText StockCode = JsonEncodedText.Encode(nameof(InvoiceLine.StockCode));
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode(nameof(InvoiceLine.Description));
    private static readonly JsonEncodedText Quantity = JsonEncodedText.Encode(nameof(InvoiceLine.Quantity));
    private static readonly JsonEncodedText InvoiceDate = JsonEncodedText.Encode(nameof(InvoiceLine.InvoiceDate));
    private static readonly JsonEncodedText UnitPrice = JsonEncodedText.Encode(nameof(InvoiceLine.UnitPrice));
    private static readonly JsonEncodedText CustomerID = JsonEncodedText.Encode(nameof(InvoiceLine.CustomerID));
    private static readonly JsonEncodedText Country = JsonEncodedText.Encode(nameof(InvoiceLine.Country));

    /// <summary>Writes a JSON array of <paramref name="documents"/> to <paramref name="output"/>.</summary>
    public static void WriteArray(IBufferWriter<byte> output, IReadOnlyList<ReplayDocument> documents)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartArray();
        for (var i = 0; i < documents.Count; i++)
        {
            WriteDocument(writer, documents[i].Line);
        }
        writer.WriteEndArray();
    }

    /// <summary>One document as a JSON string (for the rejects file and tests).</summary>
    public static string ToJson(InvoiceLine line)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteDocument(writer, line);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteDocument(Utf8JsonWriter writer, InvoiceLine line)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, line.Id);
        writer.WriteString(InvoiceNo, line.InvoiceNo);
        writer.WriteString(StockCode, line.StockCode);
        writer.WriteString(Description, line.Description);
        writer.WriteNumber(Quantity, line.Quantity);
        Span<byte> date = stackalloc byte[32];
        line.InvoiceDate.TryFormat(date, out var dateLength, "yyyy'-'MM'-'dd'T'HH':'mm':'ss", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString(InvoiceDate, date[..dateLength]);
        writer.WriteNumber(UnitPrice, line.UnitPrice);
        if (line.CustomerID is { } customerId)
        {
            writer.WriteNumber(CustomerID, customerId);
        }
        else
        {
            writer.WriteNull(CustomerID);
        }
        writer.WriteString(Country, line.Country);
        writer.WriteEndObject();
    }
}
