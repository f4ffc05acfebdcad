using System.Text;
using System.Text.Json;
using DocStream.Contracts;

namespace DocStream.StreamProcessor.Storage;

/// <summary>
/// Reads a Kafka message value as the API writes it (one flat JSON object, every field of the expected type) straight
/// into a <see cref="StoredLine"/>, with no <see cref="InvoiceLine"/> in between. Declines anything else (a duplicate,
/// missing or null field, an unexpected type, trailing data, an invalid id): the caller then takes the general path
/// through <see cref="InvoiceLineJson"/>, which accepts or refuses it exactly as before, with the same reasons.
/// The value must already be known to be valid UTF-8.
/// </summary>
public static class InvoiceLineJsonFastPath
{
    public static StoredLine? TryEncode(byte[] json, StoredLineEncoder.Provenance? meta)
    {
        try
        {
            return Read(json, meta);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null; // the general path reports it
        }
    }

    private static StoredLine? Read(byte[] json, StoredLineEncoder.Provenance? meta)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        ReadOnlyMemory<byte> id = default, invoiceNo = default, stockCode = default, description = default, country = default;
        int quantity = 0, seen = 0;
        int? customerId = null;
        DateTime invoiceDate = default;
        decimal unitPrice = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader);
            if (!reader.Read())
            {
                return null;
            }
            if (field == 0)
            {
                reader.Skip(); // the general path skips unknown members too
                continue;
            }
            if ((seen & field) != 0)
            {
                return null; // a repeated member: the general path decides which one counts
            }
            seen |= field;
            var ok = field switch
            {
                IdField => Text(ref reader, json, out id),
                InvoiceNoField => Text(ref reader, json, out invoiceNo),
                StockCodeField => Text(ref reader, json, out stockCode),
                DescriptionField => Text(ref reader, json, out description),
                CountryField => Text(ref reader, json, out country),
                QuantityField => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out quantity),
                InvoiceDateField => reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out invoiceDate),
                UnitPriceField => reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out unitPrice),
                _ => CustomerId(ref reader, out customerId),
            };
            if (!ok)
            {
                return null;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || (seen & RequiredFields) != RequiredFields || invoiceNo.IsEmpty)
        {
            return null;
        }
        var idText = Encoding.UTF8.GetString(id.Span);
        if (!InvoiceLineReader.IsValidId(idText))
        {
            return null;
        }
        var fields = new InvoiceLineFields
        {
            Id = id.Span,
            InvoiceNo = invoiceNo.Span,
            StockCode = stockCode.Span,
            Description = description.Span,
            Quantity = quantity,
            InvoiceDate = invoiceDate,
            UnitPrice = unitPrice,
            CustomerId = customerId,
            Country = country.Span,
        };
        return StoredLineEncoder.Encode(idText, fields, meta);
    }

    private const int IdField = 1, InvoiceNoField = 2, StockCodeField = 4, DescriptionField = 8, QuantityField = 16,
        InvoiceDateField = 32, UnitPriceField = 64, CustomerIdField = 128, CountryField = 256;

    /// <summary>Every member the contract marks required (all but CustomerID).</summary>
    private const int RequiredFields = IdField | InvoiceNoField | StockCodeField | DescriptionField | QuantityField
        | InvoiceDateField | UnitPriceField | CountryField;

    /// <summary>The member's bit; 0 for a member the contract does not read.</summary>
    private static int Field(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("Id"u8) ? IdField
        : reader.ValueTextEquals("InvoiceNo"u8) ? InvoiceNoField
        : reader.ValueTextEquals("StockCode"u8) ? StockCodeField
        : reader.ValueTextEquals("Description"u8) ? DescriptionField
        : reader.ValueTextEquals("Quantity"u8) ? QuantityField
        : reader.ValueTextEquals("InvoiceDate"u8) ? InvoiceDateField
        : reader.ValueTextEquals("UnitPrice"u8) ? UnitPriceField
        : reader.ValueTextEquals("CustomerID"u8) ? CustomerIdField
        : reader.ValueTextEquals("Country"u8) ? CountryField
        : 0;

    /// <summary>A string member as UTF-8: the message's own bytes, or unescaped into a copy when it holds escapes.</summary>
    private static bool Text(ref Utf8JsonReader reader, byte[] json, out ReadOnlyMemory<byte> utf8)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            utf8 = default;
            return false;
        }
        if (!reader.ValueIsEscaped)
        {
            // The token starts at its opening quote; the reader reads one array, so its value is that array's bytes.
            utf8 = json.AsMemory((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            return true;
        }
        var copy = new byte[reader.ValueSpan.Length]; // unescaping never lengthens
        utf8 = copy.AsMemory(0, reader.CopyString(copy));
        return true;
    }

    private static bool CustomerId(ref Utf8JsonReader reader, out int? customerId)
    {
        customerId = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            customerId = value;
            return true;
        }
        return false;
    }
}
