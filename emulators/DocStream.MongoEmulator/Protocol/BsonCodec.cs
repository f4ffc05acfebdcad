using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>BSON (de)serialization of whole documents to and from byte buffers and streams.</summary>
internal static class BsonCodec
{
    private static readonly BsonBinaryReaderSettings ReaderSettings = new() { MaxDocumentSize = 64 * 1024 * 1024 };
    private static readonly BsonBinaryWriterSettings WriterSettings = new() { MaxDocumentSize = 64 * 1024 * 1024 };

    public static BsonDocument Deserialize(byte[] buffer, int offset, int count)
    {
        if (BsonFastReader.TryRead(buffer.AsSpan(offset, count), out var fast))
        {
            return fast!;
        }
        using var stream = new MemoryStream(buffer, offset, count, writable: false);
        using var reader = new BsonBinaryReader(stream, ReaderSettings);
        return BsonDocumentSerializer.Instance.Deserialize(BsonDeserializationContext.CreateRoot(reader));
    }

    /// <summary>Reads consecutive documents (an OP_MSG document sequence) with one reader.</summary>
    public static void DeserializeSequence(byte[] buffer, int offset, int count, BsonArray target)
    {
        var all = new List<BsonDocument>();
        var position = offset;
        while (position < offset + count)
        {
            var size = DocumentLength(buffer, position);
            if (!BsonFastReader.TryRead(buffer.AsSpan(position, size), out var doc))
            {
                all = null;
                break;
            }
            all.Add(doc!);
            position += size;
        }
        if (all is not null)
        {
            foreach (var doc in all)
            {
                target.Add(doc);
            }
            return;
        }
        using var stream = new MemoryStream(buffer, offset, count, writable: false);
        using var reader = new BsonBinaryReader(stream, ReaderSettings);
        while (stream.Position < count)
        {
            target.Add(BsonDocumentSerializer.Instance.Deserialize(BsonDeserializationContext.CreateRoot(reader)));
        }
    }

    /// <summary>Reads the length prefix of the BSON document at <paramref name="offset"/>.</summary>
    public static int DocumentLength(byte[] buffer, int offset) => BitConverter.ToInt32(buffer, offset);

    /// <summary>A writer that can be reused for many top-level documents appended to <paramref name="stream"/>.</summary>
    public static BsonBinaryWriter CreateWriter(Stream stream) => new(stream, WriterSettings);

    public static void Serialize(BsonBinaryWriter writer, BsonDocument document)
    {
        BsonDocumentSerializer.Instance.Serialize(BsonSerializationContext.CreateRoot(writer), document);
        writer.Flush();
    }

    public static void Serialize(Stream stream, BsonDocument document)
    {
        using var writer = new BsonBinaryWriter(stream, WriterSettings);
        BsonDocumentSerializer.Instance.Serialize(BsonSerializationContext.CreateRoot(writer), document);
        writer.Flush();
    }
}
