using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocStream.Contracts;
using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Operations.Redrive;

/// <summary>
/// Reads a dead letter's value (or an operator's correction of it) the way the ingest API reads a request body:
/// the same <see cref="InvoiceLineReader"/>, so nothing the API would refuse reaches Kafka by this door either.
/// </summary>
public static class RedriveDocumentReader
{
    // As the ingest API's JSON options.
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    /// <summary>
    /// The id of a document that came without one: derived from the dead letter's own id, so re-driving it twice
    /// gives the same id and the processor's upsert stores it once.
    /// </summary>
    public static string DerivedId(string deadLetterId)
    {
        var readable = "dl:" + deadLetterId;
        if (InvoiceLineReader.IsValidId(readable))
        {
            return readable;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(deadLetterId));
        return "dl:" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>The document to produce, or null with the field errors in <paramref name="errors"/>.</summary>
    public static InvoiceLine? Read(DeadLetter letter, string? editedJson, Dictionary<string, string[]> errors)
    {
        var bytes = editedJson is not null ? Encoding.UTF8.GetBytes(editedJson) : OriginalBytes(letter);
        if (bytes.Length == 0)
        {
            errors["$"] = ["The message has no value: edit it to give the document."];
            return null;
        }
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(bytes, JsonOptions);
        }
        catch (JsonException e)
        {
            errors["$"] = [$"Not valid JSON: {e.Message}"];
            return null;
        }
        using (json)
        {
            var found = new Dictionary<string, List<string>>();
            var line = InvoiceLineReader.Read(json.RootElement, () => DerivedId(letter.Id), found);
            foreach (var (field, messages) in found)
            {
                errors[field] = [.. messages];
            }
            return found.Count == 0 ? line : null;
        }
    }

    /// <summary>The exact bytes when the record has them (a latin-1 value must fail as it did, not be "repaired").</summary>
    public static byte[] OriginalBytes(DeadLetter letter) =>
        letter.ValueBase64 is { Length: > 0 } base64 ? Convert.FromBase64String(base64)
        : letter.Value is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text)
        : [];
}
