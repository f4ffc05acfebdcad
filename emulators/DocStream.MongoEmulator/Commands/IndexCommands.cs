using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>createIndexes, listIndexes and dropIndexes.</summary>
internal static class IndexCommands
{
    public static void Register(Dictionary<string, Func<CommandContext, BsonDocument>> handlers)
    {
        handlers["createIndexes"] = Create;
        handlers["listIndexes"] = List;
        handlers["dropIndexes"] = Drop;
        handlers["deleteIndexes"] = Drop;
    }

    private static BsonDocument Create(CommandContext ctx)
    {
        if (ctx.Command.GetValue("indexes", null) is not BsonArray specs || specs.Count == 0)
        {
            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "Must specify at least one index to create");
        }
        var definitions = specs.Select(s => IndexDefinition.FromSpec(s.AsBsonDocument)).ToList();
        var existed = ctx.Server.Storage.Find(ctx.Database, ctx.CollectionName) is not null;
        return ctx.Server.Storage.Write(ctx.Database, ctx.CollectionName, collection =>
        {
            var before = collection.Indexes.Count;
            var created = 0;
            foreach (var definition in definitions)
            {
                if (collection.CreateIndex(definition))
                {
                    created++;
                }
            }
            var reply = new BsonDocument
            {
                { "numIndexesBefore", before },
                { "numIndexesAfter", collection.Indexes.Count },
                { "createdCollectionAutomatically", !existed },
            };
            if (created == 0)
            {
                reply["note"] = "all indexes already exist";
            }
            reply["ok"] = 1.0;
            return reply;
        });
    }

    private static BsonDocument List(CommandContext ctx)
    {
        var specs = ctx.Server.Storage.Read(ctx.Database, ctx.CollectionName,
            c => c?.Indexes.Select(i => i.Definition.ToSpec()).ToList())
            ?? throw new MongoCommandException(MongoErrorCodes.NamespaceNotFound, $"ns does not exist: {ctx.Namespace}");
        var batchSize = ctx.OptionalDocument("cursor")?.GetValue("batchSize", BsonNull.Value) is BsonValue b && !b.IsBsonNull ? b.ToInt32() : (int?)null;
        return CursorReplies.FirstBatch(ctx.Server, ctx.Namespace, specs, batchSize ?? int.MaxValue, singleBatch: false);
    }

    private static BsonDocument Drop(CommandContext ctx)
    {
        if (ctx.Server.Storage.Find(ctx.Database, ctx.CollectionName) is null)
        {
            throw new MongoCommandException(MongoErrorCodes.NamespaceNotFound, $"ns not found {ctx.Namespace}");
        }
        var target = ctx.Command.GetValue("index", BsonNull.Value);
        return ctx.Server.Storage.Write(ctx.Database, ctx.CollectionName, collection =>
        {
            var before = collection.Indexes.Count;
            var names = target switch
            {
                BsonString { Value: "*" } => collection.Indexes.Where(i => !i.Definition.IsId).Select(i => i.Definition.Name).ToList(),
                BsonString s => [s.Value],
                BsonArray a => a.Select(v => v.AsString).ToList(),
                BsonDocument key => [collection.Indexes.FirstOrDefault(i => i.Definition.Key.Equals(key))?.Definition.Name
                    ?? throw new MongoCommandException(MongoErrorCodes.IndexNotFound, $"can't find index with key: {key}")],
                _ => throw new MongoCommandException(MongoErrorCodes.FailedToParse, "BSON field 'dropIndexes.index' is missing but a required field"),
            };
            foreach (var name in names)
            {
                collection.DropIndex(name);
            }
            return new BsonDocument { { "nIndexesWas", before }, { "ok", 1.0 } };
        });
    }
}
