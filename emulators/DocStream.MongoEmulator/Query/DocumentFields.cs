using System.Diagnostics.CodeAnalysis;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>
/// Field lookup by linear scan. BsonDocument's own name lookups (TryGetValue, indexer, Contains) attach a
/// name-to-position dictionary to every document with more than a few fields; for hundreds of thousands of
/// stored documents that costs far more memory and GC time than scanning ten short names.
/// </summary>
internal static class DocumentFields
{
    public static bool TryGet(BsonDocument doc, string name, [NotNullWhen(true)] out BsonValue? value)
    {
        var count = doc.ElementCount;
        for (var i = 0; i < count; i++)
        {
            var element = doc.GetElement(i);
            if (string.Equals(element.Name, name, StringComparison.Ordinal))
            {
                value = element.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public static BsonValue? Get(BsonDocument doc, string name) => TryGet(doc, name, out var value) ? value : null;

    public static bool Has(BsonDocument doc, string name) => TryGet(doc, name, out _);

    /// <summary>The _id, which stored documents keep as their first field.</summary>
    public static BsonValue? Id(BsonDocument doc)
    {
        if (doc.ElementCount > 0)
        {
            var first = doc.GetElement(0);
            if (first.Name == "_id")
            {
                return first.Value;
            }
        }
        return Get(doc, "_id");
    }
}
