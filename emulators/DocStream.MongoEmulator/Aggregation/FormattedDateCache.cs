using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>
/// Remembers recent results of one compiled <c>$dateToString</c> (one format, UTC) by the date's milliseconds.
/// A full-collection group by day or month formats every document's date, and documents share few distinct
/// dates (invoice lines of one invoice, one minute), so most calls find the string already built.
/// Direct-mapped and thread-safe: a slot holds one immutable entry, replaced whole.
/// </summary>
internal sealed class FormattedDateCache
{
    private const int Slots = 1024;

    private sealed record Entry(long Millis, BsonString Text);

    private readonly Entry?[] _slots = new Entry?[Slots];

    public BsonString GetOrAdd(long millis, Func<long, string> format)
    {
        var slot = (int)(((ulong)millis * 0x9E3779B97F4A7C15UL) >> 54); // top 10 bits: 0..1023
        if (Volatile.Read(ref _slots[slot]) is { } entry && entry.Millis == millis)
        {
            return entry.Text;
        }
        var text = new BsonString(format(millis));
        Volatile.Write(ref _slots[slot], new Entry(millis, text));
        return text;
    }
}
