using System.Buffers.Binary;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>Encodes replies: OP_MSG (one body section) or the legacy OP_REPLY for OP_QUERY handshakes. One instance per connection.</summary>
internal sealed class MessageWriter
{
    private static int _nextRequestId;
    private readonly MemoryStream _buffer = new(64 * 1024);

    public async ValueTask WriteAsync(Stream stream, int responseTo, OpCode requestOpCode, BsonDocument reply, CancellationToken ct)
    {
        _buffer.SetLength(0);
        var legacy = requestOpCode == OpCode.Query;
        var prefix = legacy ? 16 + 20 : 16 + 5;
        _buffer.Write(new byte[prefix]);
        if (!BsonFastWriter.TryWrite(_buffer, reply))
        {
            BsonCodec.Serialize(_buffer, reply);
        }
        var bytes = _buffer.GetBuffer();
        var length = (int)_buffer.Length;
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Interlocked.Increment(ref _nextRequestId));
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], responseTo);
        if (legacy)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[12..], (int)OpCode.Reply);
            BinaryPrimitives.WriteInt32LittleEndian(span[16..], 0); // responseFlags
            BinaryPrimitives.WriteInt64LittleEndian(span[20..], 0); // cursorID
            BinaryPrimitives.WriteInt32LittleEndian(span[28..], 0); // startingFrom
            BinaryPrimitives.WriteInt32LittleEndian(span[32..], 1); // numberReturned
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[12..], (int)OpCode.Msg);
            BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 0); // flagBits
            bytes[20] = 0; // section kind 0: body
        }
        await stream.WriteAsync(bytes.AsMemory(0, length), ct).ConfigureAwait(false);
        if (_buffer.Capacity > 32 * 1024 * 1024)
        {
            _buffer.Capacity = 64 * 1024; // release the memory of an unusually large reply
        }
    }
}
