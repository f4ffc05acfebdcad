using System.Text.Json.Serialization;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace DocStream.Contracts;

/// <summary>
/// One line of an invoice, as stored in MongoDB (<c>docstreaming.invoices</c>) and carried in Kafka.
/// Wire names follow the seed (PascalCase). Numbers are numbers and dates are dates, unlike the seed,
/// which stored every field as a string.
/// </summary>
public sealed record InvoiceLine
{
    /// <summary>Stable document id: from the client (Idempotency-Key or <c>Id</c>), the replayer (file:row) or assigned by the API.</summary>
    [BsonId]
    [JsonPropertyName("Id")]
    public required string Id { get; init; }

    /// <summary>Invoice number as text: <c>536365</c>, cancellations <c>C536379</c>, bad-debt adjustments <c>A563185</c>.</summary>
    public required string InvoiceNo { get; init; }

    /// <summary>Not always numeric: <c>85123A</c>, <c>POST</c>, <c>BANK CHARGES</c>.</summary>
    public required string StockCode { get; init; }

    /// <summary>May be empty; may contain commas, quotes and the pound sign.</summary>
    public required string Description { get; init; }

    /// <summary>Negative for cancellations and stock adjustments.</summary>
    public required int Quantity { get; init; }

    /// <summary>
    /// The shop's wall-clock time (the data set has no time zone). Stored as a BSON date with the
    /// wall-clock value read as UTC, so the date shown is the date in the file.
    /// </summary>
    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public required DateTime InvoiceDate { get; init; }

    /// <summary>Exact decimal (Decimal128 in MongoDB): 0.001 and -11062.06 occur in the data.</summary>
    [BsonRepresentation(BsonType.Decimal128)]
    public required decimal UnitPrice { get; init; }

    /// <summary>Missing on about a quarter of the rows.</summary>
    public int? CustomerID { get; init; }

    public required string Country { get; init; }

    /// <summary>Quantity × UnitPrice, stored with the line (read-only: written, never read back) so totals need no recomputing.</summary>
    [BsonElement]
    [BsonRepresentation(BsonType.Decimal128)]
    public decimal LineTotal => Quantity * UnitPrice;

    /// <summary>True for cancellation invoices (InvoiceNo starting with <c>C</c>); stored for cheap filtering.</summary>
    [BsonElement]
    public bool IsCancellation => InvoiceNo.StartsWith('C');

    /// <summary>Set by the processor when it stores the line; not part of the JSON the API and Kafka carry.</summary>
    [JsonIgnore]
    [BsonElement("_meta")]
    [BsonIgnoreIfNull]
    public DocumentMeta? Meta { get; init; }
}
