using System.Runtime.CompilerServices;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// Shrinks documents before they are stored. MongoDB.Bson attaches a name-to-position dictionary to every
/// BsonDocument that reaches 8 fields (three extra objects, ~400 bytes each time). Stored documents are never
/// mutated and are read by position or a short linear scan, so the dictionary only costs memory and GC time:
/// with half a million documents that is about 200 MB and millions of objects for the collector to trace.
/// Without it, BsonDocument falls back to a linear search, which is what it does for small documents anyway.
/// </summary>
internal static class DocumentMemory
{
    private static bool _supported = true;

    /// <summary>Up to this many fields a document needs no name dictionary: a lookup is a short scan.</summary>
    public const int ScanLimit = 32;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_indexes")]
    private static extern ref Dictionary<string, int>? NameIndex(BsonDocument document);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_elements")]
    private static extern ref List<BsonElement> Elements(BsonDocument document);

    /// <summary>
    /// Builds a decoded document from its fields (names already checked for duplicates): an element list of
    /// exactly their size and no name dictionary, which <see cref="Trim"/> would drop again. Growing the list one
    /// field at a time and building that dictionary were the emulator's largest sources of garbage while decoding.
    /// Documents with many fields keep the dictionary, since lookups by name in them would be slow without it.
    /// </summary>
    public static BsonDocument Create(ReadOnlySpan<BsonElement> fields)
    {
        var document = new BsonDocument();
        if (_supported && fields.Length <= ScanLimit)
        {
            try
            {
                var elements = new List<BsonElement>(fields.Length);
                elements.AddRange(fields);
                Elements(document) = elements;
                return document;
            }
            catch (MissingFieldException)
            {
                _supported = false; // a MongoDB.Bson version without this field: the public API below
            }
        }
        foreach (var field in fields)
        {
            document.Add(field);
        }
        return document;
    }

    public static BsonDocument Trim(BsonDocument document)
    {
        if (!_supported)
        {
            return document;
        }
        try
        {
            TrimRecursive(document);
        }
        catch (MissingFieldException)
        {
            _supported = false; // a MongoDB.Bson version without this field: nothing to trim
        }
        return document;
    }

    private static void TrimRecursive(BsonValue value)
    {
        switch (value)
        {
            case BsonDocument doc:
                NameIndex(doc) = null;
                for (var i = 0; i < doc.ElementCount; i++)
                {
                    var child = doc.GetElement(i).Value;
                    if (child is BsonDocument or BsonArray)
                    {
                        TrimRecursive(child);
                    }
                }
                break;
            case BsonArray array:
                foreach (var item in array)
                {
                    if (item is BsonDocument or BsonArray)
                    {
                        TrimRecursive(item);
                    }
                }
                break;
        }
    }
}
