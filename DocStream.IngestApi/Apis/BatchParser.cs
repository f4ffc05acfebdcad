using System.Text.Json;

namespace DocStream.IngestApi.Apis;

/// <summary>Splits a batch body (JSON array or NDJSON) into one JSON element per document.</summary>
internal sealed class BatchParser : IDisposable
{
    private readonly List<JsonDocument> _documents = [];

    /// <summary>A document of the batch; for NDJSON a line that is not JSON carries its own error.</summary>
    public readonly record struct Element(JsonElement Json, string? LineError);

    public List<Element> Elements { get; } = [];

    /// <summary>Set when the body as a whole cannot be read.</summary>
    public string? Error { get; private set; }

    public static BatchParser ParseArray(ReadOnlyMemory<byte> body, JsonDocumentOptions options)
    {
        var parser = new BatchParser();
        try
        {
            var doc = JsonDocument.Parse(body, options);
            parser._documents.Add(doc);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                parser.Error = $"Expected a JSON array of documents, got {doc.RootElement.ValueKind}. For one document use POST /api/v1/invoices.";
                return parser;
            }
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                parser.Elements.Add(new Element(element, null));
            }
        }
        catch (JsonException e)
        {
            parser.Error = e.LineNumber is { } line
                ? $"Malformed JSON at line {line + 1}, byte {e.BytePositionInLine + 1}."
                : "Malformed JSON.";
        }
        return parser;
    }

    public static BatchParser ParseNdjson(ReadOnlyMemory<byte> body, JsonDocumentOptions options)
    {
        var parser = new BatchParser();
        var rest = body;
        var lineNumber = 0;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }
            try
            {
                var doc = JsonDocument.Parse(line, options);
                parser._documents.Add(doc);
                parser.Elements.Add(new Element(doc.RootElement, null));
            }
            catch (JsonException e)
            {
                parser.Elements.Add(new Element(default, $"Line {lineNumber} is not valid JSON (byte {e.BytePositionInLine + 1})."));
            }
        }
        return parser;
    }

    public void Dispose()
    {
        foreach (var doc in _documents)
        {
            doc.Dispose();
        }
    }
}
