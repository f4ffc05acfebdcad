using System.Diagnostics;
using System.Text;
using DocStream.Contracts;
using MongoDB.Bson;

namespace DocStream.StreamProcessor.Storage;

/// <summary>
/// Encodes an invoice line straight into the BSON that the class map of <see cref="InvoiceLine"/> would write, byte for
/// byte (same field order, types and <c>_meta</c>), without building the object or going through the driver's
/// serializer: the processor's hottest path. <c>StoredLineEncoderTests</c> hold it to the class map.
/// </summary>
public static class StoredLineEncoder
{
    /// <summary>Where a line was read from; written as <c>_meta</c> with the time of the write.</summary>
    public readonly record struct Provenance(int Partition, long Offset, ActivityTraceId? TraceId);

    private const int TraceIdHexLength = 32;

    public static StoredLine Encode(string id, in InvoiceLineFields line, Provenance? meta)
    {
        var size = 4 + DocumentedFieldsSize(line) + (meta is { } m ? MetaSize(m) : 0) + 1;
        var bson = new byte[size];
        var writer = new BsonSpanWriter(bson);
        writer.Int32Raw(size);
        // The class map's order: the settable members as declared (Meta among them), then the computed ones.
        WriteSentFields(ref writer, line);
        var storedAt = meta is { } p ? WriteMeta(ref writer, p) : -1;
        WriteComputedFields(ref writer, line);
        writer.Byte(0);
        Debug.Assert(writer.Position == size);
        return new StoredLine(id, bson, storedAt);
    }

    /// <summary>The same encoding for a line already decoded, with <paramref name="meta"/> as its <c>_meta</c>.</summary>
    public static StoredLine Encode(InvoiceLine line, Provenance? meta)
    {
        var fields = new InvoiceLineFields
        {
            Id = Encoding.UTF8.GetBytes(line.Id),
            InvoiceNo = Encoding.UTF8.GetBytes(line.InvoiceNo),
            StockCode = Encoding.UTF8.GetBytes(line.StockCode),
            Description = Encoding.UTF8.GetBytes(line.Description),
            Quantity = line.Quantity,
            InvoiceDate = line.InvoiceDate,
            UnitPrice = line.UnitPrice,
            CustomerId = line.CustomerID,
            Country = Encoding.UTF8.GetBytes(line.Country),
        };
        return Encode(line.Id, fields, meta);
    }

    /// <summary>A line with its own <c>Meta</c> (if any) as its <c>_meta</c>, stored-at time included.</summary>
    public static StoredLine EncodeWithOwnMeta(InvoiceLine line)
    {
        if (line.Meta is not { } m)
        {
            return Encode(line, null);
        }
        var stored = Encode(line, new Provenance(m.Partition, m.Offset, m.TraceId is null ? null : ActivityTraceId.CreateFromString(m.TraceId)));
        stored.Stamp(m.StoredAt);
        return stored;
    }

    private static int DocumentedFieldsSize(in InvoiceLineFields line) =>
        BsonSpanWriter.Header("_id"u8) + BsonSpanWriter.StringValue(line.Id)
        + BsonSpanWriter.Header("InvoiceNo"u8) + BsonSpanWriter.StringValue(line.InvoiceNo)
        + BsonSpanWriter.Header("StockCode"u8) + BsonSpanWriter.StringValue(line.StockCode)
        + BsonSpanWriter.Header("Description"u8) + BsonSpanWriter.StringValue(line.Description)
        + BsonSpanWriter.Header("Quantity"u8) + 4
        + BsonSpanWriter.Header("InvoiceDate"u8) + 8
        + BsonSpanWriter.Header("UnitPrice"u8) + 16
        + BsonSpanWriter.Header("CustomerID"u8) + (line.CustomerId is null ? 0 : 4)
        + BsonSpanWriter.Header("Country"u8) + BsonSpanWriter.StringValue(line.Country)
        + BsonSpanWriter.Header("LineTotal"u8) + 16
        + BsonSpanWriter.Header("IsCancellation"u8) + 1;

    private static void WriteSentFields(ref BsonSpanWriter writer, in InvoiceLineFields line)
    {
        writer.StringElement("_id"u8, line.Id);
        writer.StringElement("InvoiceNo"u8, line.InvoiceNo);
        writer.StringElement("StockCode"u8, line.StockCode);
        writer.StringElement("Description"u8, line.Description);
        writer.Int32Element("Quantity"u8, line.Quantity);
        // As the class map's DateTimeSerializer: to UTC, then milliseconds since the epoch.
        writer.DateTimeElement("InvoiceDate"u8, BsonUtils.ToMillisecondsSinceEpoch(BsonUtils.ToUniversalTime(line.InvoiceDate)));
        writer.Decimal128Element("UnitPrice"u8, line.UnitPrice);
        if (line.CustomerId is { } customer)
        {
            writer.Int32Element("CustomerID"u8, customer);
        }
        else
        {
            writer.NullElement("CustomerID"u8);
        }
        writer.StringElement("Country"u8, line.Country);
    }

    private static void WriteComputedFields(ref BsonSpanWriter writer, in InvoiceLineFields line)
    {
        writer.Decimal128Element("LineTotal"u8, line.Quantity * line.UnitPrice);
        writer.BooleanElement("IsCancellation"u8, line.InvoiceNo is [(byte)'C', ..]);
    }

    private static int MetaSize(Provenance meta) =>
        BsonSpanWriter.Header("_meta"u8) + 4
        + BsonSpanWriter.Header("partition"u8) + 4
        + BsonSpanWriter.Header("offset"u8) + 8
        + BsonSpanWriter.Header("storedAt"u8) + 8
        + (meta.TraceId is null ? 0 : BsonSpanWriter.Header("traceId"u8) + 4 + TraceIdHexLength + 1)
        + 1;

    /// <returns>Where the value of <c>storedAt</c> was written.</returns>
    private static int WriteMeta(ref BsonSpanWriter writer, Provenance meta)
    {
        writer.Name(BsonSpanWriter.Document, "_meta"u8);
        writer.Int32Raw(MetaSize(meta) - BsonSpanWriter.Header("_meta"u8));
        writer.Int32Element("partition"u8, meta.Partition);
        writer.Int64Element("offset"u8, meta.Offset);
        var storedAt = writer.DateTimeElement("storedAt"u8, 0);
        if (meta.TraceId is { } traceId)
        {
            Span<byte> raw = stackalloc byte[16];
            traceId.CopyTo(raw);
            Span<byte> hex = stackalloc byte[TraceIdHexLength];
            Convert.TryToHexStringLower(raw, hex, out _);
            writer.StringElement("traceId"u8, hex);
        }
        writer.Byte(0);
        return storedAt;
    }
}
