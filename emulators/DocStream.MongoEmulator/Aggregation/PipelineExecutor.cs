using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>
/// Runs an aggregation pipeline. Leading $match / $sort / $limit stages are folded into an index-aware
/// query under the collection's read lock; the remaining stages run on the (immutable) documents afterwards.
/// </summary>
internal static class PipelineExecutor
{
    private static readonly HashSet<string> KnownUnsupportedStages =
    [
        "$lookup", "$out", "$merge", "$bucket", "$bucketAuto", "$graphLookup", "$unionWith", "$setWindowFields",
        "$densify", "$fill", "$geoNear", "$redact", "$sample", "$indexStats", "$collStats", "$currentOp",
        "$listSessions", "$listLocalSessions", "$planCacheStats", "$documents", "$changeStream", "$search",
        "$searchMeta", "$vectorSearch", "$listSearchIndexes", "$changeStreamSplitLargeEvent",
    ];

    public static List<BsonDocument> Run(StorageEngine storage, string database, string collection, BsonArray pipeline)
    {
        var stages = Parse(pipeline);
        var i = 0;
        BsonDocument? filter = null;
        BsonDocument? sort = null;
        int? limit = null;
        if (i < stages.Count && stages[i].Name == "$match")
        {
            filter = stages[i++].Value.AsBsonDocument;
        }
        if (i < stages.Count && stages[i].Name == "$sort")
        {
            sort = stages[i++].Value.AsBsonDocument;
        }
        if (i < stages.Count && stages[i].Name == "$limit")
        {
            limit = LimitOf(stages[i++].Value);
        }
        var input = storage.Read(database, collection,
            c => c is null ? [] : QueryExecutor.Find(c, filter, sort, 0, limit));
        return Apply(stages.Skip(i).ToList(), input);
    }

    private static List<BsonElement> Parse(BsonArray pipeline)
    {
        var stages = new List<BsonElement>();
        foreach (var item in pipeline)
        {
            if (item is not BsonDocument stage || stage.ElementCount != 1)
            {
                throw new MongoCommandException(40323, "A pipeline stage specification object must contain exactly one field.");
            }
            var name = stage.GetElement(0).Name;
            if (KnownUnsupportedStages.Contains(name))
            {
                throw MongoCommandException.NotSupported($"aggregation stage {name}");
            }
            stages.Add(stage.GetElement(0));
        }
        return stages;
    }

    public static List<BsonDocument> Apply(List<BsonElement> stages, List<BsonDocument> input)
    {
        IEnumerable<BsonDocument> docs = input;
        for (var i = 0; i < stages.Count; i++)
        {
            var (name, spec) = (stages[i].Name, stages[i].Value);
            switch (name)
            {
                case "$match":
                    var match = FilterCompiler.Compile(spec.AsBsonDocument);
                    docs = docs.Where(match);
                    break;
                case "$sort":
                    var sortSpec = SortSpecification.Parse(spec.AsBsonDocument)
                        ?? throw new MongoCommandException(15976, "$sort stage must have at least one sort key");
                    int? topK = null;
                    if (i + 1 < stages.Count && stages[i + 1].Name == "$limit")
                    {
                        topK = LimitOf(stages[i + 1].Value);
                    }
                    docs = sortSpec.Sort(docs, topK);
                    break;
                case "$limit":
                    docs = docs.Take(LimitOf(spec));
                    break;
                case "$skip":
                    docs = docs.Skip(spec.ToInt32());
                    break;
                case "$project":
                    var projection = Projection.Parse(spec.AsBsonDocument, allowComputed: true, "$project")
                        ?? throw new MongoCommandException(51272, "$project specification must have at least one field");
                    docs = docs.Select(projection.Apply);
                    break;
                case "$unset":
                    var fields = spec is BsonArray list ? list.Select(v => v.AsString) : [spec.AsString];
                    var exclusion = Projection.Parse(new BsonDocument(fields.Select(f => new BsonElement(f, 0))))!;
                    docs = docs.Select(exclusion.Apply);
                    break;
                case "$addFields":
                case "$set":
                    docs = docs.Select(AddFields(spec.AsBsonDocument));
                    break;
                case "$group":
                    docs = Group(spec.AsBsonDocument, docs);
                    break;
                case "$unwind":
                    docs = Unwind(spec, docs);
                    break;
                case "$count":
                    var countName = spec.AsString;
                    var count = docs.LongCount();
                    docs = count == 0 ? [] : [new BsonDocument(countName, count <= int.MaxValue ? new BsonInt32((int)count) : new BsonInt64(count))];
                    break;
                case "$sortByCount":
                    var grouped = Group(new BsonDocument { { "_id", spec }, { "count", new BsonDocument("$sum", 1) } }, docs);
                    docs = SortSpecification.Parse(new BsonDocument("count", -1))!.Sort(grouped);
                    break;
                case "$facet":
                    docs = [Facet(spec.AsBsonDocument, docs.ToList())];
                    break;
                case "$replaceRoot":
                case "$replaceWith":
                    var rootExpr = ExpressionCompiler.Compile(name == "$replaceRoot" ? spec.AsBsonDocument["newRoot"] : spec);
                    docs = docs.Select(d => rootExpr(d) as BsonDocument
                        ?? throw new MongoCommandException(40228, $"'newRoot' expression must evaluate to an object"));
                    break;
                default:
                    throw new MongoCommandException(MongoErrorCodes.Location40324UnrecognizedStage, $"Unrecognized pipeline stage name: '{name}'");
            }
        }
        return docs.ToList();
    }

    /// <summary>
    /// Runs each branch over the same input. Branches that open with $group are fed in one pass over the input,
    /// every group taking each document in turn while it is in the CPU cache, instead of one full pass per
    /// branch; each group still sees the documents in the same order, so results are the same.
    /// </summary>
    private static BsonDocument Facet(BsonDocument spec, List<BsonDocument> input)
    {
        var branches = spec.Select(b => (b.Name, Stages: Parse(b.Value.AsBsonArray))).ToList();
        var openingGroups = branches
            .Select(b => b.Stages.Count > 0 && b.Stages[0].Name == "$group" ? new GroupBuilder(b.Stages[0].Value.AsBsonDocument) : null)
            .ToArray();
        var fed = openingGroups.Where(g => g is not null).Select(g => g!).ToArray();
        if (fed.Length > 0)
        {
            foreach (var doc in input)
            {
                foreach (var group in fed)
                {
                    group.Add(doc);
                }
            }
        }
        var facet = new BsonDocument();
        for (var i = 0; i < branches.Count; i++)
        {
            var (name, stages) = branches[i];
            facet[name] = new BsonArray(openingGroups[i] is { } group
                ? Apply(stages.Skip(1).ToList(), group.Results())
                : Apply(stages, input));
        }
        return facet;
    }

    private static int LimitOf(BsonValue value)
    {
        var limit = value.ToInt64();
        if (limit <= 0)
        {
            throw new MongoCommandException(15958, "the limit must be positive");
        }
        return (int)Math.Min(limit, int.MaxValue);
    }

    private static Func<BsonDocument, BsonDocument> AddFields(BsonDocument spec)
    {
        var fields = spec.Select(e => (Parts: FieldPath.Split(e.Name), Eval: ExpressionCompiler.Compile(e.Value))).ToArray();
        var dotted = fields.Any(f => f.Parts.Length > 1);
        return doc =>
        {
            var result = dotted ? doc.DeepClone().AsBsonDocument : (BsonDocument)doc.Clone();
            foreach (var (parts, eval) in fields)
            {
                var value = eval(doc);
                if (value is null)
                {
                    FieldPath.Unset(result, parts);
                }
                else
                {
                    FieldPath.Set(result, parts, value);
                }
            }
            return result;
        };
    }

    private static List<BsonDocument> Group(BsonDocument spec, IEnumerable<BsonDocument> docs)
    {
        var group = new GroupBuilder(spec);
        foreach (var doc in docs)
        {
            group.Add(doc);
        }
        return group.Results();
    }

    private static IEnumerable<BsonDocument> Unwind(BsonValue spec, IEnumerable<BsonDocument> docs)
    {
        string path;
        var preserve = false;
        string? indexField = null;
        if (spec is BsonDocument options)
        {
            path = options["path"].AsString;
            preserve = options.GetValue("preserveNullAndEmptyArrays", false).ToBoolean();
            indexField = options.GetValue("includeArrayIndex", BsonNull.Value) is BsonString s ? s.Value : null;
        }
        else
        {
            path = spec.AsString;
        }
        if (!path.StartsWith('$'))
        {
            throw new MongoCommandException(28818, "path option to $unwind stage should be prefixed with a '$'");
        }
        var parts = FieldPath.Split(path[1..]);
        foreach (var doc in docs)
        {
            var value = FieldPath.GetForUpdate(doc, parts);
            if (value is BsonArray { Count: > 0 } array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    var copy = parts.Length > 1 ? doc.DeepClone().AsBsonDocument : (BsonDocument)doc.Clone();
                    FieldPath.Set(copy, parts, array[i]);
                    if (indexField is not null)
                    {
                        copy[indexField] = new BsonInt64(i);
                    }
                    yield return copy;
                }
            }
            else if (value is null || value.IsBsonNull || value is BsonArray)
            {
                if (preserve)
                {
                    var copy = (BsonDocument)doc.Clone();
                    if (indexField is not null)
                    {
                        copy[indexField] = BsonNull.Value;
                    }
                    yield return copy;
                }
            }
            else
            {
                if (indexField is not null)
                {
                    var copy = (BsonDocument)doc.Clone();
                    copy[indexField] = BsonNull.Value;
                    yield return copy;
                }
                else
                {
                    yield return doc;
                }
            }
        }
    }
}
