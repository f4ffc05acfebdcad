using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>Runs a filter/sort/skip/limit query against a collection (caller holds the read or write lock).</summary>
internal static class QueryExecutor
{
    public static List<BsonDocument> Find(Collection collection, BsonDocument? filter, BsonDocument? sort, int skip, int? limit)
    {
        var sortSpec = SortSpecification.Parse(sort);
        var match = FilterCompiler.Compile(filter);
        var plan = QueryPlanner.Plan(collection, filter, sortSpec);
        var docs = plan.Candidates(collection).Select(r => r.Document).Where(match);
        if (sortSpec is not null && !plan.ProvidesSort)
        {
            docs = sortSpec.Sort(docs, limit is { } l ? skip + l : null);
        }
        if (skip > 0)
        {
            docs = docs.Skip(skip);
        }
        if (limit is { } take)
        {
            docs = docs.Take(take);
        }
        return docs.ToList();
    }

    /// <summary>Matching records, for update and delete.</summary>
    public static IEnumerable<DocumentRecord> Matching(Collection collection, BsonDocument? filter)
    {
        var match = FilterCompiler.Compile(filter);
        var plan = QueryPlanner.Plan(collection, filter, null);
        return plan.Candidates(collection).Where(r => match(r.Document));
    }

    public static long Count(Collection collection, BsonDocument? filter, int skip, int? limit)
    {
        if (filter is null || filter.ElementCount == 0)
        {
            long total = Math.Max(0, collection.Count - skip);
            return limit is { } l && l > 0 ? Math.Min(total, l) : total;
        }
        long n = Matching(collection, filter).LongCount();
        n = Math.Max(0, n - skip);
        return limit is { } lim && lim > 0 ? Math.Min(n, lim) : n;
    }
}
