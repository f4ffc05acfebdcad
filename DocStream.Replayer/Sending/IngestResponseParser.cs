using System.Text;
using System.Text.Json;

namespace DocStream.Replayer.Sending;

/// <summary>
/// Reads the ingest API's answers: the batch result <c>{"accepted":N,"rejected":M,"failed":F,"results":[{"index","id","status","errors"}]}</c>
/// and RFC 7807 problem details <c>{title, detail, errors}</c>. Lenient about case; never throws on a body it cannot read.
/// </summary>
public static class IngestResponseParser
{
    /// <summary>One entry of <c>results</c>.</summary>
    public sealed record DocumentResult(int Index, string? Id, string Status, string? Errors);

    /// <summary>
    /// The per-document results in the body, or null when the body has none (or is not JSON). Read forward with
    /// <see cref="Utf8JsonReader"/>: a 5,000-document answer is read once, without a document tree or a copy; only
    /// a result's <c>errors</c> (rejected documents, rare) is parsed into an element to describe it.
    /// </summary>
    public static IReadOnlyList<DocumentResult>? ReadResults(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isResults = NameIs(ref reader, "results"u8);
                reader.Read();
                if (isResults && reader.TokenType == JsonTokenType.StartArray)
                {
                    return ReadResultArray(ref reader);
                }
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<DocumentResult> ReadResultArray(ref Utf8JsonReader reader)
    {
        var list = new List<DocumentResult>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                list.Add(new DocumentResult(list.Count, null, "unknown", null));
                continue;
            }
            int? index = null;
            string? id = null, status = null, errors = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Field(ref reader);
                reader.Read();
                switch (field)
                {
                    case ResultField.Index when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n):
                        index = n;
                        break;
                    case ResultField.Id when reader.TokenType == JsonTokenType.String:
                        id = reader.GetString();
                        break;
                    case ResultField.Status when reader.TokenType == JsonTokenType.String:
                        status = KnownStatus(ref reader);
                        break;
                    case ResultField.Errors:
                        using (var element = JsonDocument.ParseValue(ref reader))
                        {
                            errors = DescribeErrors(element.RootElement);
                        }
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            list.Add(new DocumentResult(index ?? list.Count, id, status ?? "unknown", errors));
        }
        return list;
    }

    private enum ResultField { Other, Index, Id, Status, Errors }

    private static ResultField Field(ref Utf8JsonReader reader) =>
        NameIs(ref reader, "index"u8) ? ResultField.Index
        : NameIs(ref reader, "id"u8) ? ResultField.Id
        : NameIs(ref reader, "status"u8) ? ResultField.Status
        : NameIs(ref reader, "errors"u8) ? ResultField.Errors
        : ResultField.Other;

    /// <summary>The status in lower case; the three the API answers come back as shared strings.</summary>
    private static string KnownStatus(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("accepted"u8) ? "accepted"
        : reader.ValueTextEquals("failed"u8) ? "failed"
        : reader.ValueTextEquals("rejected"u8) ? "rejected"
        : reader.GetString()!.ToLowerInvariant();

    /// <summary>Property names compared without regard to ASCII case (the API writes PascalCase, older answers camelCase).</summary>
    private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> lowerCaseName)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return string.Equals(reader.GetString(), System.Text.Encoding.UTF8.GetString(lowerCaseName), StringComparison.OrdinalIgnoreCase);
        }
        return System.Text.Ascii.EqualsIgnoreCase(reader.ValueSpan, lowerCaseName);
    }

    /// <summary>A one-line account of a problem-details body (title, detail, field errors), or its first characters.</summary>
    public static string DescribeProblem(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(no body)";
        }
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var parts = new List<string>();
                if (TryGet(root, "title", out var title) && title.ValueKind == JsonValueKind.String)
                {
                    parts.Add(title.GetString()!);
                }
                if (TryGet(root, "detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    parts.Add(detail.GetString()!);
                }
                if (TryGet(root, "errors", out var errors) && DescribeErrors(errors) is { Length: > 0 } text)
                {
                    parts.Add(text);
                }
                if (parts.Count > 0)
                {
                    return string.Join(" - ", parts);
                }
            }
        }
        catch (JsonException)
        {
        }
        var raw = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]);
        return raw.ReplaceLineEndings(" ");
    }

    /// <summary><c>{"InvoiceDate":["a","b"],"Quantity":["c"]}</c> as <c>InvoiceDate: a; b | Quantity: c</c>.</summary>
    private static string? DescribeErrors(JsonElement errors)
    {
        switch (errors.ValueKind)
        {
            case JsonValueKind.Object:
                var fields = new List<string>();
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() : m.GetRawText()))
                        : field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
                    fields.Add($"{field.Name}: {messages}");
                }
                return string.Join(" | ", fields);
            case JsonValueKind.Array:
                return string.Join("; ", errors.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() : m.GetRawText()));
            case JsonValueKind.String:
                return errors.GetString();
            default:
                return null;
        }
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        return false;
    }
}
