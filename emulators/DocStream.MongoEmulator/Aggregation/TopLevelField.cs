using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>
/// Reads one top-level field ("$Quantity") from every document of a pipeline. Stored documents share one shape,
/// so the position where the field was last found is tried first, before the linear scan of
/// <see cref="DocumentFields"/>: one name comparison instead of up to a dozen per document.
/// Field names are unique within a document (decoding rejects duplicates), so the hint cannot pick a different field.
/// </summary>
internal sealed class TopLevelField(string name)
{
    private int _position;

    public BsonValue? Get(BsonDocument doc)
    {
        var position = _position; // only a guess, checked below (concurrent pipelines may overwrite it)
        if ((uint)position < (uint)doc.ElementCount)
        {
            var element = doc.GetElement(position);
            if (string.Equals(element.Name, name, StringComparison.Ordinal))
            {
                return element.Value;
            }
        }
        var count = doc.ElementCount;
        for (var i = 0; i < count; i++)
        {
            var element = doc.GetElement(i);
            if (string.Equals(element.Name, name, StringComparison.Ordinal))
            {
                _position = i;
                return element.Value;
            }
        }
        return null;
    }
}
