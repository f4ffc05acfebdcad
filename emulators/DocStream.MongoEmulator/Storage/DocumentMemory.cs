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

    /// <summary>Up to this many fields a duplicate-name check is a short scan (longer documents use <c>Add</c>).</summary>
    private const int ScanLimit = 32;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_indexes")]
    private static extern ref Dictionary<string, int>? NameIndex(BsonDocument document);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_elements")]
    private static extern ref List<BsonElement> Elements(BsonDocument document);

    /// <summary>
    /// Appends a field while a document is decoded, without building the name dictionary that
    /// <see cref="Trim"/> would drop again (allocating it for every decoded document was a large share of the
    /// emulator's garbage). Returns false on a duplicate name, leaving the document unchanged.
    /// </summary>
    public static bool TryAppend(BsonDocument document, string name, BsonValue value)
    {
        if (_supported && document.ElementCount < ScanLimit)
        {
            try
            {
                var elements = Elements(document);
                foreach (var element in elements)
                {
                    if (string.Equals(element.Name, name, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
                elements.Add(new BsonElement(name, value));
                return true;
            }
            catch (MissingFieldException)
            {
                _supported = false; // a MongoDB.Bson version without this field: the public API below
            }
        }
        if (document.Contains(name))
        {
            return false;
        }
        document.Add(name, value);
        return true;
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
