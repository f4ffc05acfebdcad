using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>Reads framed messages (16-byte header + body) and decodes OP_MSG and legacy OP_QUERY.</summary>
internal static class MessageReader
{
    public const int MaxMessageSize = 48_000_000;
    private const uint ChecksumPresent = 1;
    private const uint MoreToCome = 2;

    /// <summary>Reads one message; returns null on a clean end of stream.</summary>
    public static async ValueTask<IncomingMessage?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[16];
        if (!await FillAsync(stream, header, 16, ct).ConfigureAwait(false))
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var requestId = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        var opCode = (OpCode)BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        if (length < 16 || length > MaxMessageSize + 1024)
        {
            throw new WireFormatException($"invalid message length {length}");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            header.CopyTo(buffer, 0);
            if (!await FillAsync(stream, buffer.AsMemory(16), length - 16, ct).ConfigureAwait(false))
            {
                throw new WireFormatException("connection closed in the middle of a message");
            }
            return opCode switch
            {
                OpCode.Msg => ParseMsg(requestId, buffer, length),
                OpCode.Query => ParseQuery(requestId, buffer, length),
                OpCode.Compressed => throw new WireFormatException("OP_COMPRESSED is not supported (no compressors are advertised)"),
                _ => throw new WireFormatException($"unsupported opcode {(int)opCode}"),
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IncomingMessage ParseMsg(int requestId, byte[] buffer, int length)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(16));
        var end = (flags & ChecksumPresent) != 0 ? length - 4 : length;
        var position = 20;
        BsonDocument? body = null;
        List<(string Identifier, BsonArray Documents)>? sequences = null;
        while (position < end)
        {
            var kind = buffer[position++];
            if (kind == 0)
            {
                var size = BsonCodec.DocumentLength(buffer, position);
                CheckBounds(position, size, end);
                body = BsonCodec.Deserialize(buffer, position, size);
                position += size;
            }
            else if (kind == 1)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(position));
                CheckBounds(position, size, end);
                var sectionEnd = position + size;
                position += 4;
                var identifier = ReadCString(buffer, ref position, sectionEnd);
                var documents = new BsonArray();
                var first = position;
                while (position < sectionEnd)
                {
                    var docSize = BsonCodec.DocumentLength(buffer, position);
                    CheckBounds(position, docSize, sectionEnd);
                    position += docSize;
                }
                BsonCodec.DeserializeSequence(buffer, first, sectionEnd - first, documents);
                (sequences ??= []).Add((identifier, documents));
            }
            else
            {
                throw new WireFormatException($"unknown OP_MSG section kind {kind}");
            }
        }
        if (body is null)
        {
            throw new WireFormatException("OP_MSG without a body section");
        }
        if (sequences is not null)
        {
            foreach (var (identifier, documents) in sequences)
            {
                body[identifier] = documents;
            }
        }
        return new IncomingMessage(requestId, OpCode.Msg, body, (flags & MoreToCome) != 0);
    }

    private static IncomingMessage ParseQuery(int requestId, byte[] buffer, int length)
    {
        var position = 20; // after header and flags
        var fullName = ReadCString(buffer, ref position, length);
        position += 8; // numberToSkip, numberToReturn
        var size = BsonCodec.DocumentLength(buffer, position);
        CheckBounds(position, size, length);
        var query = BsonCodec.Deserialize(buffer, position, size);
        if (query.TryGetValue("$query", out var wrapped) && wrapped is BsonDocument inner)
        {
            query = inner;
        }
        var dot = fullName.IndexOf('.');
        query["$db"] = dot > 0 ? fullName[..dot] : "admin";
        return new IncomingMessage(requestId, OpCode.Query, query, MoreToCome: false);
    }

    private static string ReadCString(byte[] buffer, ref int position, int end)
    {
        var zero = Array.IndexOf(buffer, (byte)0, position, end - position);
        if (zero < 0)
        {
            throw new WireFormatException("unterminated string in message");
        }
        var text = Encoding.UTF8.GetString(buffer, position, zero - position);
        position = zero + 1;
        return text;
    }

    private static void CheckBounds(int position, int size, int end)
    {
        if (size < 5 || position + size > end)
        {
            throw new WireFormatException("document extends past the end of the message");
        }
    }

    private static async ValueTask<bool> FillAsync(Stream stream, Memory<byte> buffer, int count, CancellationToken ct)
    {
        var read = 0;
        while (read < count)
        {
            var n = await stream.ReadAsync(buffer.Slice(read, count - read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }
                throw new WireFormatException("connection closed in the middle of a message");
            }
            read += n;
        }
        return true;
    }
}
