using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>How a query reads its candidates: _id lookups, index ranges, an ordered index scan, or a full scan.</summary>
internal sealed class QueryPlan
{
    public static readonly QueryPlan FullScan = new();

    /// <summary>Direct _id lookups (the fast path for updates by _id).</summary>
    public List<BsonValue>? IdPoints { get; init; }

    public CollectionIndex? Index { get; init; }

    /// <summary>Inclusive key ranges in index order; null means the whole index.</summary>
    public List<(BsonValue[] Low, BsonValue[] High)>? Ranges { get; init; }

    public bool Reverse { get; init; }

    /// <summary>True when candidates already come in the requested sort order.</summary>
    public bool ProvidesSort { get; init; }

    public IEnumerable<DocumentRecord> Candidates(Collection collection)
    {
        if (IdPoints is not null)
        {
            foreach (var id in IdPoints)
            {
                var record = collection.FindById(id);
                if (record is not null)
                {
                    yield return record;
                }
            }
            yield break;
        }
        if (Index is null)
        {
            foreach (var record in collection.Records)
            {
                yield return record;
            }
            yield break;
        }
        var dedupe = Index.IsMultikey ? new HashSet<BsonValue>(BsonValueComparer.Instance) : null;
        IEnumerable<(BsonValue[] Low, BsonValue[] High)?> ranges = Ranges is null
            ? [null]
            : (Reverse ? Enumerable.Reverse(Ranges) : Ranges).Select(r => ((BsonValue[], BsonValue[])?)r);
        foreach (var range in ranges)
        {
            foreach (var entry in Index.Scan(range?.Item1, range?.Item2, Reverse))
            {
                if (dedupe is null || dedupe.Add(entry.Id))
                {
                    yield return entry.Record!;
                }
            }
        }
    }
}
