using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>count and distinct.</summary>
internal static class CountCommands
{
    public static void Register(Dictionary<string, Func<CommandContext, BsonDocument>> handlers)
    {
        handlers["count"] = Count;
        handlers["distinct"] = Distinct;
    }

    private static BsonDocument Count(CommandContext ctx)
    {
        FindCommands.RejectNonSimpleCollation(ctx);
        var filter = ctx.OptionalDocument("query");
        var skip = ctx.OptionalInt("skip") ?? 0;
        var limit = ctx.Command.TryGetValue("limit", out var l) && !l.IsBsonNull ? (int?)Math.Abs(l.ToInt32()) : null;
        var n = ctx.Server.Storage.Read(ctx.Database, ctx.CollectionName,
            c => c is null ? 0 : QueryExecutor.Count(c, filter, skip, limit));
        return new BsonDocument { { "n", n <= int.MaxValue ? new BsonInt32((int)n) : new BsonInt64(n) }, { "ok", 1.0 } };
    }

    private static BsonDocument Distinct(CommandContext ctx)
    {
        FindCommands.RejectNonSimpleCollation(ctx);
        var key = ctx.Command.GetValue("key", BsonNull.Value) is BsonString k ? k.Value
            : throw new MongoCommandException(MongoErrorCodes.FailedToParse, "BSON field 'distinct.key' is missing but a required field");
        var parts = FieldPath.Split(key);
        var filter = ctx.OptionalDocument("query");
        var values = new HashSet<BsonValue?>(BsonValueComparer.Instance);
        var ordered = new List<BsonValue>();
        var docs = ctx.Server.Storage.Read(ctx.Database, ctx.CollectionName,
            c => c is null ? [] : QueryExecutor.Find(c, filter, null, 0, null));
        foreach (var doc in docs)
        {
            FieldPath.Any(doc, parts, 0, v =>
            {
                if (v is not null and not BsonArray && values.Add(v))
                {
                    ordered.Add(v);
                }
                return false;
            }, expandArrays: true);
        }
        ordered.Sort(BsonValueComparer.Instance);
        return new BsonDocument { { "values", new BsonArray(ordered) }, { "ok", 1.0 } };
    }
}
