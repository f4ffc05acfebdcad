using System.Buffers;
using System.Buffers.Binary;
using DocStream.MongoEmulator.Protocol;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// The on-disk record format shared by journals and snapshots:
/// [int32 payload length][byte type][uint32 CRC-32C of type+payload][payload BSON].
/// </summary>
internal static class RecordFile
{
    public const int HeaderSize = 9;
    private const int MaxPayload = 64 * 1024 * 1024;

    /// <summary>Appends one record to <paramref name="buffer"/>.</summary>
    /// <remarks>Pass a <paramref name="writer"/> created over <paramref name="buffer"/> to avoid one writer per record.</remarks>
    public static void Append(MemoryStream buffer, JournalRecordType type, BsonDocument payload, MongoDB.Bson.IO.BsonBinaryWriter? writer = null)
    {
        var start = buffer.Position;
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Write(header);
        if (!BsonFastWriter.TryWrite(buffer, payload))
        {
            if (writer is null)
            {
                BsonCodec.Serialize(buffer, payload);
            }
            else
            {
                BsonCodec.Serialize(writer, payload);
            }
        }
        var end = buffer.Position;
        var bytes = buffer.GetBuffer();
        var length = (int)(end - start - HeaderSize);
        bytes[start + 4] = (byte)type;
        var crc = Crc32C.Compute(bytes.AsSpan((int)start + 4, 1));
        crc = Crc32C.Compute(bytes.AsSpan((int)start + HeaderSize, length), crc);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)start), length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)start + 5), crc);
    }

    /// <summary>
    /// Reads records until the end or the first damaged one (a torn write from a crash).
    /// Returns the length of the valid prefix, so the caller can cut the damage off.
    /// </summary>
    public static long ReadAll(string path, Action<JournalRecordType, BsonDocument> onRecord)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        var header = new byte[HeaderSize];
        long good = 0;
        while (true)
        {
            if (!ReadExactly(file, header, HeaderSize))
            {
                return good;
            }
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var type = (JournalRecordType)header[4];
            var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(5));
            if (length < 5 || length > MaxPayload || !Enum.IsDefined(type))
            {
                return good;
            }
            var payload = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                if (!ReadExactly(file, payload, length))
                {
                    return good;
                }
                var crc = Crc32C.Compute(header.AsSpan(4, 1));
                crc = Crc32C.Compute(payload.AsSpan(0, length), crc);
                if (crc != expectedCrc || BsonCodec.DocumentLength(payload, 0) != length)
                {
                    return good;
                }
                onRecord(type, BsonCodec.Deserialize(payload, 0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
            good += HeaderSize + length;
        }
    }

    private static bool ReadExactly(Stream stream, byte[] buffer, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }
}
