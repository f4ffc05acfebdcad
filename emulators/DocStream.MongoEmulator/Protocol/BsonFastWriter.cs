using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>
/// Encodes BsonDocuments straight into a MemoryStream (journal records, replies), byte-for-byte like MongoDB.Bson
/// but without its serializer pipeline. Types it does not handle make <see cref="TryWrite"/> return false
/// (having rewound the stream) so the caller can use the standard serializer.
/// </summary>
internal static class BsonFastWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryWrite(MemoryStream stream, BsonDocument document)
    {
        var start = stream.Position;
        try
        {
            WriteDocument(stream, document);
            return true;
        }
        catch (NotSupportedException)
        {
            stream.Position = start;
            stream.SetLength(start);
            return false;
        }
    }

    private static void WriteDocument(MemoryStream stream, BsonDocument document)
    {
        var start = stream.Position;
        WriteInt32(stream, 0); // length, patched below
        for (var i = 0; i < document.ElementCount; i++)
        {
            var element = document.GetElement(i);
            WriteElement(stream, element.Name, element.Value);
        }
        stream.WriteByte(0);
        PatchLength(stream, start);
    }

    private static void WriteArray(MemoryStream stream, BsonArray array)
    {
        var start = stream.Position;
        WriteInt32(stream, 0);
        for (var i = 0; i < array.Count; i++)
        {
            WriteElement(stream, i.ToString(System.Globalization.CultureInfo.InvariantCulture), array[i]);
        }
        stream.WriteByte(0);
        PatchLength(stream, start);
    }

    private static void PatchLength(MemoryStream stream, long start)
    {
        var length = (int)(stream.Position - start);
        BinaryPrimitives.WriteInt32LittleEndian(stream.GetBuffer().AsSpan((int)start), length);
    }

    private static void WriteElement(MemoryStream stream, string name, BsonValue value)
    {
        var type = value.BsonType;
        if (type is BsonType.JavaScriptWithScope or BsonType.Symbol or BsonType.JavaScript)
        {
            throw new NotSupportedException();
        }
        stream.WriteByte((byte)type);
        WriteCString(stream, name);
        switch (type)
        {
            case BsonType.Double:
                WriteInt64(stream, BitConverter.DoubleToInt64Bits(value.AsDouble));
                break;
            case BsonType.String:
                var text = value.AsString;
                var byteCount = Utf8.GetByteCount(text);
                WriteInt32(stream, byteCount + 1);
                WriteUtf8(stream, text, byteCount);
                stream.WriteByte(0);
                break;
            case BsonType.Document:
                WriteDocument(stream, value.AsBsonDocument);
                break;
            case BsonType.Array:
                WriteArray(stream, value.AsBsonArray);
                break;
            case BsonType.Binary:
                var binary = value.AsBsonBinaryData;
                if ((byte)binary.SubType == 2)
                {
                    throw new NotSupportedException(); // old binary subtype has a nested length
                }
                WriteInt32(stream, binary.Bytes.Length);
                stream.WriteByte((byte)binary.SubType);
                stream.Write(binary.Bytes);
                break;
            case BsonType.Undefined or BsonType.Null or BsonType.MinKey or BsonType.MaxKey:
                break;
            case BsonType.ObjectId:
                stream.Write(value.AsObjectId.ToByteArray());
                break;
            case BsonType.Boolean:
                stream.WriteByte(value.AsBoolean ? (byte)1 : (byte)0);
                break;
            case BsonType.DateTime:
                WriteInt64(stream, value.AsBsonDateTime.MillisecondsSinceEpoch);
                break;
            case BsonType.RegularExpression:
                var regex = value.AsBsonRegularExpression;
                WriteCString(stream, regex.Pattern);
                WriteCString(stream, regex.Options);
                break;
            case BsonType.Int32:
                WriteInt32(stream, value.AsInt32);
                break;
            case BsonType.Timestamp:
                WriteInt64(stream, value.AsBsonTimestamp.Value);
                break;
            case BsonType.Int64:
                WriteInt64(stream, value.AsInt64);
                break;
            case BsonType.Decimal128:
                var dec = value.AsDecimal128;
                WriteInt64(stream, (long)dec.GetIEEELowBits());
                WriteInt64(stream, (long)dec.GetIEEEHighBits());
                break;
            default:
                throw new NotSupportedException();
        }
    }

    private static void WriteCString(MemoryStream stream, string text)
    {
        var byteCount = Utf8.GetByteCount(text);
        WriteUtf8(stream, text, byteCount);
        stream.WriteByte(0);
    }

    private static void WriteUtf8(MemoryStream stream, string text, int byteCount)
    {
        var position = (int)stream.Position;
        var end = position + byteCount;
        if (end > stream.Length)
        {
            stream.SetLength(end);
        }
        var written = Utf8.GetBytes(text, stream.GetBuffer().AsSpan(position, byteCount));
        stream.Position = position + written;
    }

    private static void WriteInt32(MemoryStream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteInt64(MemoryStream stream, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
