using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>
/// Decodes BSON bytes into BsonDocuments directly from a span, sharing repeated values through
/// <see cref="BsonValueCache"/>. Rare types (DBPointer, code with scope, ...) are left to MongoDB.Bson:
/// <see cref="TryRead"/> returns false and the caller falls back to the standard deserializer.
/// </summary>
internal static class BsonFastReader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string IdName = BsonValueCache.Name("_id");
    private static readonly Utf8Interner<string> Names = new(4096, 64);
    private static readonly Utf8Interner<BsonString> ShortStrings = new(65536, 40);

    public static bool TryRead(ReadOnlySpan<byte> bytes, out BsonDocument? document)
    {
        try
        {
            var position = 0;
            document = ReadDocument(bytes, ref position);
            return position == bytes.Length;
        }
        catch (NotSupportedException)
        {
            document = null;
            return false;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or DecoderFallbackException)
        {
            document = null;
            return false; // malformed input: let the standard reader produce its error
        }
    }

    private static BsonDocument ReadDocument(ReadOnlySpan<byte> bytes, ref int position)
    {
        var start = position;
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
        var end = start + length - 1; // the terminating zero
        position += 4;
        // Fields are gathered first so the document gets an element list of exactly their size (see DocumentMemory).
        var fields = ArrayPool<BsonElement>.Shared.Rent(16);
        var count = 0;
        HashSet<string>? names = null; // for long documents, where scanning for a duplicate name would be slow
        try
        {
            while (position < end)
            {
                var type = (BsonType)bytes[position++];
                var name = ReadName(bytes, ref position);
                // _id values are unique by nature: sharing them would only fill the cache.
                var value = ReadValue(bytes, ref position, type, share: !ReferenceEquals(name, IdName));
                if (IsDuplicate(fields, count, name, ref names))
                {
                    throw new NotSupportedException("duplicate field name"); // the standard reader reports it
                }
                if (count == fields.Length)
                {
                    var larger = ArrayPool<BsonElement>.Shared.Rent(count * 2);
                    fields.AsSpan(0, count).CopyTo(larger);
                    ReturnFields(fields, count);
                    fields = larger;
                }
                fields[count++] = new BsonElement(name, value);
            }
            if (bytes[position++] != 0)
            {
                throw new NotSupportedException("document not terminated");
            }
            return Storage.DocumentMemory.Create(fields.AsSpan(0, count));
        }
        finally
        {
            ReturnFields(fields, count);
        }
    }

    private static bool IsDuplicate(BsonElement[] fields, int count, string name, ref HashSet<string>? names)
    {
        if (names is null && count < Storage.DocumentMemory.ScanLimit)
        {
            for (var i = 0; i < count; i++)
            {
                if (string.Equals(fields[i].Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }
        if (names is null)
        {
            names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                names.Add(fields[i].Name);
            }
        }
        return !names.Add(name);
    }

    private static void ReturnFields(BsonElement[] fields, int count)
    {
        fields.AsSpan(0, count).Clear(); // pooled arrays must not keep documents alive
        ArrayPool<BsonElement>.Shared.Return(fields);
    }

    private static BsonArray ReadArray(ReadOnlySpan<byte> bytes, ref int position)
    {
        var start = position;
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
        var end = start + length - 1;
        position += 4;
        var array = new BsonArray();
        while (position < end)
        {
            var type = (BsonType)bytes[position++];
            var zero = bytes[position..].IndexOf((byte)0);
            position += zero + 1; // array keys are "0", "1", ...: not needed
            array.Add(ReadValue(bytes, ref position, type, share: true));
        }
        if (bytes[position++] != 0)
        {
            throw new NotSupportedException("array not terminated");
        }
        return array;
    }

    private static string ReadName(ReadOnlySpan<byte> bytes, ref int position)
    {
        var zero = bytes[position..].IndexOf((byte)0);
        if (zero < 0)
        {
            throw new NotSupportedException("unterminated name");
        }
        var raw = bytes.Slice(position, zero);
        position += zero + 1;
        if (Names.TryGet(raw, out var known))
        {
            return known;
        }
        var name = Decode(raw, BsonValueCache.Name);
        Names.Add(raw, name);
        return name;
    }

    /// <summary>A string value shared through the caches (see <see cref="BsonValueCache.String"/>).</summary>
    private static BsonString SharedString(ReadOnlySpan<byte> utf8)
    {
        if (ShortStrings.TryGet(utf8, out var known))
        {
            return known;
        }
        var value = Decode(utf8, BsonValueCache.String);
        ShortStrings.Add(utf8, value);
        return value;
    }

    private static T Decode<T>(ReadOnlySpan<byte> utf8, Func<ReadOnlySpan<char>, T> make)
    {
        if (utf8.Length <= 256)
        {
            Span<char> chars = stackalloc char[256];
            var count = Utf8.GetChars(utf8, chars);
            return make(chars[..count]);
        }
        var rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var count = Utf8.GetChars(utf8, rented);
            return make(rented.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static BsonValue ReadValue(ReadOnlySpan<byte> bytes, ref int position, BsonType type, bool share)
    {
        switch (type)
        {
            case BsonType.Double:
                var d = BinaryPrimitives.ReadDoubleLittleEndian(bytes[position..]);
                position += 8;
                return new BsonDouble(d);
            case BsonType.String:
                var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
                var text = bytes.Slice(position + 4, length - 1);
                position += 4 + length;
                return share ? SharedString(text) : new BsonString(Utf8.GetString(text));
            case BsonType.Document:
                return ReadDocument(bytes, ref position);
            case BsonType.Array:
                return ReadArray(bytes, ref position);
            case BsonType.Binary:
                var size = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
                var subType = (BsonBinarySubType)bytes[position + 4];
                if ((byte)subType == 2) // the deprecated "old binary" subtype has an extra length prefix
                {
                    throw new NotSupportedException("old binary subtype");
                }
                var data = bytes.Slice(position + 5, size).ToArray();
                position += 5 + size;
                return new BsonBinaryData(data, subType);
            case BsonType.Undefined:
                return BsonUndefined.Value;
            case BsonType.ObjectId:
                var oid = new ObjectId(bytes.Slice(position, 12).ToArray());
                position += 12;
                return new BsonObjectId(oid);
            case BsonType.Boolean:
                return bytes[position++] != 0 ? BsonBoolean.True : BsonBoolean.False; // Create(object) would box
            case BsonType.DateTime:
                var millis = BinaryPrimitives.ReadInt64LittleEndian(bytes[position..]);
                position += 8;
                return BsonValueCache.DateTime(millis);
            case BsonType.Null:
                return BsonNull.Value;
            case BsonType.RegularExpression:
                var pattern = ReadName(bytes, ref position);
                var options = ReadName(bytes, ref position);
                return new BsonRegularExpression(pattern, options);
            case BsonType.Int32:
                var i = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
                position += 4;
                return BsonValueCache.Int32(i);
            case BsonType.Timestamp:
                var ts = BinaryPrimitives.ReadInt64LittleEndian(bytes[position..]);
                position += 8;
                return new BsonTimestamp(ts);
            case BsonType.Int64:
                var l = BinaryPrimitives.ReadInt64LittleEndian(bytes[position..]);
                position += 8;
                return new BsonInt64(l);
            case BsonType.Decimal128:
                var low = BinaryPrimitives.ReadUInt64LittleEndian(bytes[position..]);
                var high = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(position + 8)..]);
                position += 16;
                return BsonValueCache.Decimal(high, low);
            case BsonType.MinKey:
                return BsonMinKey.Value;
            case BsonType.MaxKey:
                return BsonMaxKey.Value;
            default:
                throw new NotSupportedException($"BSON type {type}");
        }
    }
}
