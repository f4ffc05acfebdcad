using DocStream.MongoEmulator.Query;
using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>listCollections, listDatabases, create, drop and dropDatabase.</summary>
internal static class CatalogCommands
{
    private static readonly string[] UnsupportedCreateOptions =
        ["capped", "timeseries", "viewOn", "pipeline", "validator", "clusteredIndex", "changeStreamPreAndPostImages", "expireAfterSeconds"];

    public static void Register(Dictionary<string, Func<CommandContext, BsonDocument>> handlers)
    {
        handlers["listCollections"] = ListCollections;
        handlers["listDatabases"] = ListDatabases;
        handlers["create"] = Create;
        handlers["drop"] = Drop;
        handlers["dropDatabase"] = DropDatabase;
    }

    private static BsonDocument ListCollections(CommandContext ctx)
    {
        var nameOnly = ctx.Flag("nameOnly");
        var match = FilterCompiler.Compile(ctx.OptionalDocument("filter"));
        var entries = new List<BsonDocument>();
        foreach (var c in ctx.Server.Storage.CollectionsOf(ctx.Database))
        {
            var entry = new BsonDocument { { "name", c.Name }, { "type", "collection" } };
            if (!nameOnly)
            {
                entry["options"] = new BsonDocument();
                entry["info"] = new BsonDocument { { "readOnly", false }, { "uuid", new BsonBinaryData(c.Uuid, GuidRepresentation.Standard) } };
                entry["idIndex"] = IndexDefinition.IdIndex().ToSpec();
            }
            if (match(entry))
            {
                entries.Add(entry);
            }
        }
        var batchSize = ctx.OptionalDocument("cursor")?.GetValue("batchSize", BsonNull.Value) is BsonValue b && !b.IsBsonNull ? b.ToInt32() : (int?)null;
        return CursorReplies.FirstBatch(ctx.Server, $"{ctx.Database}.$cmd.listCollections", entries, batchSize ?? int.MaxValue, singleBatch: false);
    }

    private static BsonDocument ListDatabases(CommandContext ctx)
    {
        var nameOnly = ctx.Flag("nameOnly");
        var match = FilterCompiler.Compile(ctx.OptionalDocument("filter"));
        var databases = new BsonArray();
        long total = 0;
        foreach (var name in ctx.Server.Storage.DatabaseNames)
        {
            var size = DirectorySize(Path.Combine(ctx.Server.Storage.DataDirectory, FileNames.Escape(name)));
            var entry = nameOnly
                ? new BsonDocument("name", name)
                : new BsonDocument { { "name", name }, { "sizeOnDisk", size }, { "empty", false } };
            if (match(entry))
            {
                databases.Add(entry);
                total += size;
            }
        }
        var reply = new BsonDocument("databases", databases);
        if (!nameOnly)
        {
            reply["totalSize"] = total;
            reply["totalSizeMb"] = total / (1024 * 1024);
        }
        reply["ok"] = 1.0;
        return reply;
    }

    private static long DirectorySize(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path).Sum(f => new FileInfo(f).Length) : 0;

    private static BsonDocument Create(CommandContext ctx)
    {
        foreach (var option in UnsupportedCreateOptions)
        {
            if (ctx.Command.Contains(option) && ctx.Command[option] is not BsonBoolean { Value: false })
            {
                throw MongoCommandException.NotSupported($"create option '{option}'");
            }
        }
        var name = ctx.CollectionName;
        StorageEngine.ValidateNames(ctx.Database, name);
        ctx.Server.Storage.GetOrCreate(ctx.Database, name, out var created);
        if (!created)
        {
            throw new MongoCommandException(MongoErrorCodes.NamespaceExists, $"Collection {ctx.Database}.{name} already exists.");
        }
        return new BsonDocument("ok", 1.0);
    }

    private static BsonDocument Drop(CommandContext ctx)
    {
        var name = ctx.CollectionName;
        var existing = ctx.Server.Storage.Find(ctx.Database, name);
        var indexes = existing?.Indexes.Count ?? 0;
        // Since MongoDB 7.0 dropping a missing collection succeeds.
        ctx.Server.Storage.Drop(ctx.Database, name);
        var reply = new BsonDocument();
        if (existing is not null)
        {
            reply["nIndexesWas"] = indexes;
            reply["ns"] = $"{ctx.Database}.{name}";
        }
        reply["ok"] = 1.0;
        return reply;
    }

    private static BsonDocument DropDatabase(CommandContext ctx)
    {
        ctx.Server.Storage.DropDatabase(ctx.Database);
        return new BsonDocument { { "dropped", ctx.Database }, { "ok", 1.0 } };
    }
}
