using System.Text;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// The exact length of a document's BSON encoding, computed from the values without serializing them
/// (what <c>collStats.size</c> and <c>dbStats.dataSize</c> add up, read on every Mongo Express page).
/// </summary>
internal static class BsonDocumentSize
{
    public static long Of(BsonDocument document)
    {
        long size = 4 + 1; // length prefix and terminating zero
        foreach (var element in document)
        {
            size += 1 + CStringLength(element.Name) + ValueLength(element.Value);
        }
        return size;
    }

    private static long OfArray(BsonArray array)
    {
        long size = 4 + 1;
        for (var i = 0; i < array.Count; i++)
        {
            size += 1 + DigitCount(i) + 1 + ValueLength(array[i]);
        }
        return size;
    }

    /// <summary>The length of a value's encoding without its element type and name (an index key's share).</summary>
    public static long ValueLength(BsonValue value) => value switch
    {
        BsonDocument d => Of(d),
        BsonArray a => OfArray(a),
        BsonString s => StringLength(s.Value),
        BsonSymbol s => StringLength(s.Name),
        BsonJavaScriptWithScope js => 4 + StringLength(js.Code) + Of(js.Scope),
        BsonJavaScript js => StringLength(js.Code),
        // Subtype 2 (the old binary form) repeats the length inside the data.
        BsonBinaryData b => 4 + 1 + (b.SubType == (BsonBinarySubType)2 ? 4 : 0) + b.Bytes.Length,
        BsonRegularExpression r => CStringLength(r.Pattern) + CStringLength(r.Options),
        BsonObjectId => 12,
        BsonDecimal128 => 16,
        BsonBoolean => 1,
        BsonInt32 => 4,
        BsonDouble or BsonInt64 or BsonDateTime or BsonTimestamp => 8,
        BsonNull or BsonUndefined or BsonMinKey or BsonMaxKey => 0,
        _ => throw new NotSupportedException($"BSON type {value.BsonType} has no known size"),
    };

    private static long StringLength(string value) => 4 + Encoding.UTF8.GetByteCount(value) + 1;

    private static long CStringLength(string value) => Encoding.UTF8.GetByteCount(value) + 1;

    private static int DigitCount(int index) => index < 10 ? 1 : (int)Math.Floor(Math.Log10(index)) + 1;
}
