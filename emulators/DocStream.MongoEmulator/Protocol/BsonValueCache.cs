using System.Collections.Concurrent;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>
/// Shares immutable BSON values that repeat across documents (field names, short strings such as countries or
/// stock codes, prices, small integers, dates). Hundreds of thousands of stored documents then hold a few
/// objects each instead of dozens, which is what makes the garbage collector affordable on a 2-core machine.
/// Each cache is bounded; once full, new values are simply not shared.
/// </summary>
internal static class BsonValueCache
{
    private const int MaxNames = 20_000;
    private const int MaxStrings = 200_000;
    private const int MaxStringLength = 40;
    private const int MaxOther = 200_000;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NameLookup =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly ConcurrentDictionary<string, BsonString> Strings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, BsonString>.AlternateLookup<ReadOnlySpan<char>> StringLookup =
        Strings.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly ConcurrentDictionary<(ulong, ulong), BsonDecimal128> Decimals = new();
    private static readonly ConcurrentDictionary<long, BsonDateTime> Dates = new();
    // ConcurrentDictionary.Count takes every lock, so the bounds are enforced with plain counters.
    private static int _names;
    private static int _strings;
    private static int _decimals;
    private static int _dates;
    private static readonly BsonInt32[] SmallInts = Enumerable.Range(-128, 1152).Select(i => new BsonInt32(i)).ToArray();

    public static string Name(ReadOnlySpan<char> chars)
    {
        if (NameLookup.TryGetValue(chars, out var name))
        {
            return name;
        }
        name = chars.ToString();
        return Admit(ref _names, MaxNames) ? Names.GetOrAdd(name, name) : name;
    }

    public static BsonString String(ReadOnlySpan<char> chars)
    {
        if (chars.Length > MaxStringLength)
        {
            return new BsonString(chars.ToString());
        }
        if (StringLookup.TryGetValue(chars, out var value))
        {
            return value;
        }
        var text = chars.ToString();
        value = new BsonString(text);
        return Admit(ref _strings, MaxStrings) ? Strings.GetOrAdd(text, value) : value;
    }

    public static BsonInt32 Int32(int value) =>
        value is >= -128 and < 1024 ? SmallInts[value + 128] : new BsonInt32(value);

    public static BsonDecimal128 Decimal(ulong high, ulong low)
    {
        if (Decimals.TryGetValue((high, low), out var value))
        {
            return value;
        }
        value = new BsonDecimal128(Decimal128.FromIEEEBits(high, low));
        return Admit(ref _decimals, MaxOther) ? Decimals.GetOrAdd((high, low), value) : value;
    }

    public static BsonDateTime DateTime(long millis)
    {
        if (Dates.TryGetValue(millis, out var value))
        {
            return value;
        }
        value = new BsonDateTime(millis);
        return Admit(ref _dates, MaxOther) ? Dates.GetOrAdd(millis, value) : value;
    }

    private static bool Admit(ref int counter, int max) =>
        Volatile.Read(ref counter) < max && Interlocked.Increment(ref counter) <= max;
}
