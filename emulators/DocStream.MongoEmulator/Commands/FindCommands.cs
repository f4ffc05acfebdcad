using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>find, getMore and killCursors with real server-side cursors.</summary>
internal static class FindCommands
{
    private static readonly string[] UnsupportedFindOptions = ["min", "max", "returnKey", "showRecordId", "tailable", "awaitData", "let"];

    public static void Register(Dictionary<string, Func<CommandContext, BsonDocument>> handlers)
    {
        handlers["find"] = Find;
        handlers["getMore"] = GetMore;
        handlers["killCursors"] = KillCursors;
    }

    private static BsonDocument Find(CommandContext ctx)
    {
        foreach (var option in UnsupportedFindOptions)
        {
            if (ctx.Command.Contains(option) && ctx.Command[option] is not BsonBoolean { Value: false })
            {
                throw MongoCommandException.NotSupported($"find option '{option}'");
            }
        }
        RejectNonSimpleCollation(ctx);
        var filter = ctx.OptionalDocument("filter");
        var sort = ctx.OptionalDocument("sort");
        var projection = Projection.Parse(ctx.OptionalDocument("projection"));
        var skip = ctx.OptionalInt("skip") ?? 0;
        var limitValue = ctx.Command.TryGetValue("limit", out var l) && !l.IsBsonNull ? l.ToInt64() : 0;
        var singleBatch = ctx.Flag("singleBatch") || limitValue < 0;
        int? limit = limitValue == 0 ? null : (int)Math.Min(Math.Abs(limitValue), int.MaxValue);
        if (skip < 0)
        {
            throw MongoCommandException.BadValue("skip value must be non-negative");
        }
        var documents = ctx.Server.Storage.Read(ctx.Database, ctx.CollectionName,
            c => c is null ? [] : QueryExecutor.Find(c, filter, sort, skip, limit));
        var batchSize = ctx.OptionalInt("batchSize");
        if (batchSize < 0)
        {
            throw MongoCommandException.BadValue("batchSize value must be non-negative");
        }
        return CursorReplies.FirstBatch(ctx.Server, ctx.Namespace, documents, batchSize, singleBatch, projection);
    }

    public static void RejectNonSimpleCollation(CommandContext ctx)
    {
        if (ctx.OptionalDocument("collation") is { } collation && collation.GetValue("locale", "simple").AsString != "simple")
        {
            throw MongoCommandException.NotSupported("collation");
        }
    }

    private static BsonDocument GetMore(CommandContext ctx)
    {
        var id = ctx.Command[0].ToInt64();
        var collection = ctx.Command.GetValue("collection", "").AsString;
        var ns = $"{ctx.Database}.{collection}";
        var cursor = ctx.Server.Cursors.Find(id);
        if (cursor is null)
        {
            throw new MongoCommandException(MongoErrorCodes.CursorNotFound, $"cursor id {id} not found");
        }
        if (cursor.Namespace != ns && !cursor.Namespace.StartsWith(ctx.Database + ".$cmd", StringComparison.Ordinal))
        {
            throw new MongoCommandException(MongoErrorCodes.Unauthorized, $"Requested getMore on namespace '{ns}', but cursor belongs to a different namespace {cursor.Namespace}");
        }
        BsonArray batch;
        bool exhausted;
        lock (cursor.Gate)
        {
            batch = cursor.NextBatch(ctx.OptionalInt("batchSize"));
            exhausted = cursor.Exhausted;
        }
        if (exhausted)
        {
            ctx.Server.Cursors.Remove(id);
        }
        return CursorReplies.Reply("nextBatch", exhausted ? 0 : id, cursor.Namespace, batch);
    }

    private static BsonDocument KillCursors(CommandContext ctx)
    {
        var killed = new BsonArray();
        var notFound = new BsonArray();
        foreach (var id in ctx.Command.GetValue("cursors", new BsonArray()).AsBsonArray)
        {
            (ctx.Server.Cursors.Remove(id.ToInt64()) ? killed : notFound).Add(id);
        }
        return new BsonDocument
        {
            { "cursorsKilled", killed },
            { "cursorsNotFound", notFound },
            { "cursorsAlive", new BsonArray() },
            { "cursorsUnknown", new BsonArray() },
            { "ok", 1.0 },
        };
    }
}
