using System.Buffers.Binary;

namespace DocStream.StreamProcessor.Storage;

/// <summary>
/// Writes BSON elements into a buffer sized beforehand (see <see cref="Size"/>): little-endian numbers, names as
/// C strings, strings with their length and terminator. No checks beyond the span's bounds: the caller writes a
/// fixed, known shape.
/// </summary>
public ref struct BsonSpanWriter(Span<byte> buffer)
{
    public const byte String = 0x02, Document = 0x03, Boolean = 0x08, DateTime = 0x09, Null = 0x0A,
        Int32 = 0x10, Int64 = 0x12, Decimal128 = 0x13;

    private readonly Span<byte> _buffer = buffer;

    public int Position { get; private set; }

    /// <summary>Bytes of the element's header: type, name and the name's terminator.</summary>
    public static int Header(scoped ReadOnlySpan<byte> name) => 1 + name.Length + 1;

    /// <summary>Bytes of a string value: length, bytes and terminator.</summary>
    public static int StringValue(ReadOnlySpan<byte> utf8) => 4 + utf8.Length + 1;

    public void Int32Raw(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[Position..], value);
        Position += 4;
    }

    public void Byte(byte value) => _buffer[Position++] = value;

    public void Name(byte type, scoped ReadOnlySpan<byte> name)
    {
        _buffer[Position++] = type;
        name.CopyTo(_buffer[Position..]);
        Position += name.Length;
        _buffer[Position++] = 0;
    }

    public void StringElement(scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<byte> utf8)
    {
        Name(String, name);
        Int32Raw(utf8.Length + 1);
        utf8.CopyTo(_buffer[Position..]);
        Position += utf8.Length;
        _buffer[Position++] = 0;
    }

    public void Int32Element(scoped ReadOnlySpan<byte> name, int value)
    {
        Name(Int32, name);
        Int32Raw(value);
    }

    public void Int64Element(scoped ReadOnlySpan<byte> name, long value)
    {
        Name(Int64, name);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[Position..], value);
        Position += 8;
    }

    /// <summary>Writes a date element; returns where its 8 value bytes are, so they can be set again later.</summary>
    public int DateTimeElement(scoped ReadOnlySpan<byte> name, long millisecondsSinceEpoch)
    {
        Name(DateTime, name);
        var at = Position;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[Position..], millisecondsSinceEpoch);
        Position += 8;
        return at;
    }

    public void Decimal128Element(scoped ReadOnlySpan<byte> name, decimal value)
    {
        Name(Decimal128, name);
        var d = new MongoDB.Bson.Decimal128(value);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[Position..], d.GetIEEELowBits());
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[(Position + 8)..], d.GetIEEEHighBits());
        Position += 16;
    }

    public void BooleanElement(scoped ReadOnlySpan<byte> name, bool value)
    {
        Name(Boolean, name);
        _buffer[Position++] = value ? (byte)1 : (byte)0;
    }

    public void NullElement(scoped ReadOnlySpan<byte> name) => Name(Null, name);
}
