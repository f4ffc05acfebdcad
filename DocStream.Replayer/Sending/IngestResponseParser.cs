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

    /// <summary>The per-document results in the body, or null when the body has none (or is not JSON).</summary>
    public static IReadOnlyList<DocumentResult>? ReadResults(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            if (json.RootElement.ValueKind != JsonValueKind.Object || !TryGet(json.RootElement, "results", out var results)
                || results.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var list = new List<DocumentResult>(results.GetArrayLength());
            var position = 0;
            foreach (var entry in results.EnumerateArray())
            {
                var index = TryGet(entry, "index", out var i) && i.TryGetInt32(out var n) ? n : position;
                var id = TryGet(entry, "id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                var status = TryGet(entry, "status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unknown";
                var errors = TryGet(entry, "errors", out var e) ? DescribeErrors(e) : null;
                list.Add(new DocumentResult(index, id, status.ToLowerInvariant(), errors));
                position++;
            }
            return list;
        }
        catch (JsonException)
        {
            return null;
        }
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
