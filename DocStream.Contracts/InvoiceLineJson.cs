using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocStream.Contracts;

/// <summary>
/// The Kafka message value: the validated <see cref="InvoiceLine"/> as UTF-8 JSON, dates in ISO-8601.
/// Source-generated so the hot paths of the API and the processor do no reflection.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    IgnoreReadOnlyProperties = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(InvoiceLine))]
[JsonSerializable(typeof(InvoiceLine[]))]
public sealed partial class InvoiceLineJson : JsonSerializerContext
{
    public static byte[] Serialize(InvoiceLine line) =>
        JsonSerializer.SerializeToUtf8Bytes(line, Default.InvoiceLine);

    /// <summary>Reads a Kafka message value; throws <see cref="JsonException"/> when it is not one.</summary>
    public static InvoiceLine Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, Default.InvoiceLine) ?? throw new JsonException("The message value is JSON null.");
}
