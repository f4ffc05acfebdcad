namespace DocStream.MongoEmulator.Protocol;

/// <summary>
/// A fixed-size, direct-mapped cache from short UTF-8 byte strings to the value decoded from them (field names,
/// short string values). A hit skips the UTF-8 decoding and the character-keyed lookup of <see cref="BsonValueCache"/>:
/// every upserted document repeats the same dozen names and many of the same values. Only bytes that decoded
/// successfully are ever stored, so a hit needs no validation. Thread-safe: a slot holds one immutable entry,
/// replaced whole (a colliding value simply evicts the other).
/// </summary>
internal sealed class Utf8Interner<T>(int slotCount, int maxBytes) where T : class
{
    private sealed record Entry(byte[] Utf8, T Value);

    private readonly Entry?[] _slots = new Entry?[slotCount];
    private readonly int _mask = CheckPowerOfTwo(slotCount) - 1;

    private static int CheckPowerOfTwo(int n) =>
        n > 0 && (n & (n - 1)) == 0 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "slot count must be a power of two");

    public bool TryGet(ReadOnlySpan<byte> utf8, out T value)
    {
        if (utf8.Length <= maxBytes && Volatile.Read(ref _slots[Slot(utf8)]) is { } entry && utf8.SequenceEqual(entry.Utf8))
        {
            value = entry.Value;
            return true;
        }
        value = null!;
        return false;
    }

    public void Add(ReadOnlySpan<byte> utf8, T value)
    {
        if (utf8.Length <= maxBytes)
        {
            Volatile.Write(ref _slots[Slot(utf8)], new Entry(utf8.ToArray(), value));
        }
    }

    private int Slot(ReadOnlySpan<byte> utf8) => (int)(Storage.Crc32C.Compute(utf8) & (uint)_mask);
}
