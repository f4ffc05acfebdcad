using System.Buffers.Binary;
using MongoDB.Bson;

namespace DocStream.StreamProcessor.Storage;

/// <summary>
/// An invoice line encoded once, as the BSON document stored in <c>invoices</c> (the shape of
/// <see cref="Contracts.InvoiceLine"/> with its <c>_meta</c>), ready to be sent without another serialization.
/// </summary>
/// <param name="Id">The document id, <c>_id</c> of <paramref name="Bson"/>.</param>
/// <param name="StoredAtPosition">Where <c>_meta.storedAt</c>'s value is in <paramref name="Bson"/>; -1 when it has no <c>_meta</c>.</param>
public sealed record StoredLine(string Id, byte[] Bson, int StoredAtPosition)
{
    /// <summary>Sets <c>_meta.storedAt</c>, once per write attempt (the one write of a batch stamps every line alike).</summary>
    public void Stamp(DateTime storedAt)
    {
        if (StoredAtPosition >= 0)
        {
            BinaryPrimitives.WriteInt64LittleEndian(Bson.AsSpan(StoredAtPosition), BsonUtils.ToMillisecondsSinceEpoch(storedAt));
        }
    }

    /// <summary>The document as the driver sends it: its bytes copied as they are.</summary>
    public RawBsonDocument ToDocument() => new(Bson);
}
