using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using static DocStream.Contracts.JsonFields;

namespace DocStream.Contracts;

/// <summary>
/// Turns a JSON object from a client into an <see cref="InvoiceLine"/>, accepting every quirk of the real
/// data (cancellations, missing CustomerID, <c>17850.0</c>, numeric InvoiceNo from seed clients, empty
/// descriptions) and naming every field that is wrong. Hand-written over <see cref="JsonElement"/> so one
/// pass reports all errors instead of stopping at the first type mismatch.
/// </summary>
public static class InvoiceLineReader
{
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 1000;
    public const decimal MaxAbsUnitPrice = 1_000_000_000m;

    /// <summary>Reads one document. Errors are added to <paramref name="errors"/> under <paramref name="pathPrefix"/>+field.</summary>
    /// <param name="fallbackId">Id to use when the document has none (Idempotency-Key or a fresh one).</param>
    public static InvoiceLine? Read(JsonElement json, Func<string> fallbackId, IDictionary<string, List<string>> errors, string pathPrefix = "")
    {
        var before = errors.Count;
        if (json.ValueKind != JsonValueKind.Object)
        {
            Add(errors, pathPrefix.TrimEnd('.') is { Length: > 0 } p ? p : "$", $"Expected a JSON object, got {Describe(json.ValueKind)}.");
            return null;
        }
        // The JSON reader does not check the bytes inside strings; text that is not UTF-8 must never be stored.
        if (!Utf8.IsValid(JsonMarshal.GetRawUtf8Value(json)))
        {
            Add(errors, pathPrefix.TrimEnd('.') is { Length: > 0 } q ? q : "$",
                "The document contains bytes that are not valid UTF-8 (send text as UTF-8, e.g. the pound sign as C2 A3).");
            return null;
        }

        string? id = null;
        if (TryGet(json, "Id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            id = ReadId(idElement, pathPrefix + "Id", errors);
        }

        var invoiceNo = ReadInvoiceNo(json, pathPrefix + "InvoiceNo", errors);
        var stockCode = ReadCode(json, "StockCode", pathPrefix + "StockCode", errors);
        var description = ReadDescription(json, pathPrefix + "Description", errors);
        var quantity = ReadQuantity(json, pathPrefix + "Quantity", errors);
        var invoiceDate = ReadDate(json, pathPrefix + "InvoiceDate", errors);
        var unitPrice = ReadUnitPrice(json, pathPrefix + "UnitPrice", errors);
        var customerId = ReadCustomerId(json, pathPrefix + "CustomerID", errors);
        var country = ReadRequiredText(json, "Country", pathPrefix + "Country", errors);

        if (errors.Count != before)
        {
            return null;
        }

        return new InvoiceLine
        {
            Id = id ?? fallbackId(),
            InvoiceNo = invoiceNo!,
            StockCode = stockCode!,
            Description = description!,
            Quantity = quantity!.Value,
            InvoiceDate = invoiceDate!.Value,
            UnitPrice = unitPrice!.Value,
            CustomerID = customerId,
            Country = country!,
        };
    }

    /// <summary>True when <paramref name="id"/> is usable as a document id (also used for the Idempotency-Key header).</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && !id.AsSpan().ContainsAnyExcept(IdCharacters);

    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:#");

    private static string? ReadId(JsonElement e, string path, IDictionary<string, List<string>> errors)
    {
        if (ReadString(e, path, errors) is not { } id)
        {
            return null;
        }
        if (!IsValidId(id))
        {
            Add(errors, path, $"Must be 1 to {MaxIdLength} characters of letters, digits and - _ . : #.");
            return null;
        }
        return id;
    }

    private static string? ReadInvoiceNo(JsonElement json, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGetRequired(json, "InvoiceNo", path, errors, out var e))
        {
            return null;
        }
        string text;
        if (e.ValueKind == JsonValueKind.Number)
        {
            // Seed clients send the number 536365.
            if (!e.TryGetInt64(out var n) || n < 0)
            {
                Add(errors, path, "A numeric InvoiceNo must be a non-negative integer.");
                return null;
            }
            text = n.ToString(CultureInfo.InvariantCulture);
        }
        else if (e.ValueKind == JsonValueKind.String)
        {
            if (Text(e, path, errors) is not { } sent)
            {
                return null;
            }
            text = sent.Trim();
        }
        else
        {
            Add(errors, path, $"Expected a string or number, got {Describe(e.ValueKind)}.");
            return null;
        }

        // Digits, optionally after one letter: C = cancellation, A = bad-debt adjustment.
        var digits = text.Length > 0 && char.IsAsciiLetter(text[0]) ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length is 0 or > 12 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            Add(errors, path, $"'{Shorten(text)}' is not an invoice number (digits, optionally after one letter such as C for a cancellation).");
            return null;
        }
        return char.IsAsciiLetter(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;
    }

    private static string? ReadCode(JsonElement json, string name, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGetRequired(json, name, path, errors, out var e))
        {
            return null;
        }
        if (e.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            Add(errors, path, $"Expected a string, got {Describe(e.ValueKind)}.");
            return null;
        }
        var text = e.ValueKind == JsonValueKind.Number ? e.GetRawText() : Text(e, path, errors)?.Trim();
        if (text is null)
        {
            return null;
        }
        if (text.Length is 0 or > 64)
        {
            Add(errors, path, $"{name} must be 1 to 64 characters.");
            return null;
        }
        return text;
    }

    private static string? ReadDescription(JsonElement json, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGet(json, "Description", out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return string.Empty; // 1,454 real rows have none.
        }
        if (ReadString(e, path, errors) is not { } text)
        {
            return null;
        }
        if (text.Length > MaxTextLength)
        {
            Add(errors, path, $"Description is {text.Length} characters; at most {MaxTextLength} are accepted.");
            return null;
        }
        return text; // kept as sent: trailing and double spaces are part of the real data.
    }

    private static int? ReadQuantity(JsonElement json, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGetRequired(json, "Quantity", path, errors, out var e))
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.Number)
        {
            Add(errors, path, $"Expected an integer, got {Describe(e.ValueKind)}.");
            return null;
        }
        if (e.TryGetInt32(out var q))
        {
            return q;
        }
        if (e.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }
        Add(errors, path, $"{Shorten(e.GetRawText())} is not an integer between {int.MinValue} and {int.MaxValue}.");
        return null;
    }

    private static DateTime? ReadDate(JsonElement json, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGetRequired(json, "InvoiceDate", path, errors, out var e))
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.String)
        {
            Add(errors, path, $"Expected a date string, got {Describe(e.ValueKind)}. Use {InvoiceDateParser.AcceptedFormats}.");
            return null;
        }
        if (Text(e, path, errors) is not { } sent)
        {
            return null;
        }
        if (!InvoiceDateParser.TryParse(sent, out var date, out var error))
        {
            Add(errors, path, error!);
            return null;
        }
        return date;
    }

    private static decimal? ReadUnitPrice(JsonElement json, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGetRequired(json, "UnitPrice", path, errors, out var e))
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.Number)
        {
            Add(errors, path, $"Expected a number, got {Describe(e.ValueKind)}.");
            return null;
        }
        if (!e.TryGetDecimal(out var price) || Math.Abs(price) >= MaxAbsUnitPrice)
        {
            Add(errors, path, $"{Shorten(e.GetRawText())} is out of range (|UnitPrice| < {MaxAbsUnitPrice:N0}).");
            return null;
        }
        return price;
    }

    private static int? ReadCustomerId(JsonElement json, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGet(json, "CustomerID", out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null; // about a quarter of the real rows
        }
        decimal value;
        if (e.ValueKind == JsonValueKind.Number)
        {
            if (!e.TryGetDecimal(out value))
            {
                Add(errors, path, $"{Shorten(e.GetRawText())} is out of range.");
                return null;
            }
        }
        else if (e.ValueKind == JsonValueKind.String)
        {
            if (Text(e, path, errors)?.Trim() is not { } s)
            {
                return null;
            }
            if (s.Length == 0)
            {
                return null; // CSV exports write an empty field
            }
            if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            {
                Add(errors, path, $"'{Shorten(s)}' is not a customer number.");
                return null;
            }
        }
        else
        {
            Add(errors, path, $"Expected an integer or null, got {Describe(e.ValueKind)}.");
            return null;
        }
        // Some exports write 17850.0: accept an integral value, refuse 17850.5.
        if (value != decimal.Truncate(value) || value is < 1 or > int.MaxValue)
        {
            Add(errors, path, $"{Shorten(e.GetRawText())} is not a positive whole customer number.");
            return null;
        }
        return (int)value;
    }

    private static string? ReadRequiredText(JsonElement json, string name, string path, IDictionary<string, List<string>> errors)
    {
        if (!TryGetRequired(json, name, path, errors, out var e))
        {
            return null;
        }
        if (ReadString(e, path, errors)?.Trim() is not { } text)
        {
            return null;
        }
        if (text.Length is 0 or > 100)
        {
            Add(errors, path, $"{name} must be 1 to 100 characters.");
            return null;
        }
        return text;
    }
}
