using DocStream.MongoEmulator.Query;
using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// update: operator or replacement updates, multi, upsert. Replies { n, nModified, upserted, writeErrors }
/// where n counts matched plus upserted documents, as the drivers expect.
/// </summary>
internal static class UpdateCommand
{
    /// <summary>Shared, never modified: most statements of a bulk upsert match nothing.</summary>
    private static readonly List<DocumentRecord> NoMatches = [];

    public static BsonDocument Execute(CommandContext ctx)
    {
        if (ctx.Command.GetValue("updates", null) is not BsonArray updates)
        {
            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "BSON field 'update.updates' is missing but a required field");
        }
        var ordered = ctx.Flag("ordered", true);
        var errors = new BsonArray();
        var upserted = new BsonArray();
        long matched = 0;
        long modified = 0;
        var anyUpsert = updates.OfType<BsonDocument>().Any(u => u.GetValue("upsert", false).ToBoolean());
        if (!anyUpsert && ctx.Server.Storage.Find(ctx.Database, ctx.CollectionName) is null)
        {
            return Reply(0, 0, upserted, errors);
        }
        ctx.Server.Storage.Write(ctx.Database, ctx.CollectionName, collection =>
        {
            for (var i = 0; i < updates.Count; i++)
            {
                try
                {
                    var statement = updates[i].AsBsonDocument;
                    var (m, mod, upsertedId) = Apply(collection, statement);
                    matched += m;
                    modified += mod;
                    if (upsertedId is not null)
                    {
                        upserted.Add(DocumentMemory.Create([new BsonElement("index", i), new BsonElement("_id", upsertedId)]));
                    }
                }
                catch (Exception ex) when (WriteError.IsStatementError(ex))
                {
                    errors.Add(WriteError.From(i, ex));
                    if (ordered)
                    {
                        break;
                    }
                }
            }
            return 0;
        });
        return Reply(matched + upserted.Count, modified, upserted, errors);
    }

    private static BsonDocument Reply(long n, long modified, BsonArray upserted, BsonArray errors)
    {
        var reply = new BsonDocument { { "n", (int)n }, { "nModified", (int)modified } };
        if (upserted.Count > 0)
        {
            reply["upserted"] = upserted;
        }
        if (errors.Count > 0)
        {
            reply["writeErrors"] = errors;
        }
        reply["ok"] = 1.0;
        return reply;
    }

    /// <summary>Fast path for the common { _id: value } filter of bulk upserts: no filter compilation or planning.</summary>
    private static BsonValue? IdOnlyFilter(BsonDocument filter)
    {
        if (filter.ElementCount != 1 || filter.GetElement(0).Name != "_id")
        {
            return null;
        }
        var value = filter[0];
        return value is BsonDocument or BsonArray or BsonRegularExpression || value.IsBsonNull ? null : value;
    }

    private static (long Matched, long Modified, BsonValue? UpsertedId) Apply(Collection collection, BsonDocument statement)
    {
        // Not GetValue(name, default): that would build an empty document for every statement.
        var filter = statement.TryGetValue("q", out var q) ? q.AsBsonDocument : new BsonDocument();
        var update = statement.GetValue("u", null) switch
        {
            BsonDocument d => d,
            BsonArray => throw MongoCommandException.NotSupported("pipeline-style update"),
            _ => throw new MongoCommandException(MongoErrorCodes.FailedToParse, "BSON field 'update.updates.u' is missing but a required field"),
        };
        if (statement.Contains("arrayFilters"))
        {
            throw MongoCommandException.NotSupported("update with arrayFilters");
        }
        var multi = statement.GetValue("multi", false).ToBoolean();
        var upsert = statement.GetValue("upsert", false).ToBoolean();
        var isOperator = UpdateApplier.IsOperatorUpdate(update);
        if (multi && !isOperator)
        {
            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "multi update is not supported for replacement-style update");
        }

        var matches = IdOnlyFilter(filter) is { } id
            ? (collection.FindById(id) is { } byId ? [byId] : NoMatches)
            : multi
                ? QueryExecutor.Matching(collection, filter).ToList()
                : QueryExecutor.Matching(collection, filter).Take(1).ToList();
        if (matches.Count > 0)
        {
            long modified = 0;
            foreach (var record in matches)
            {
                var current = record.Document;
                var next = isOperator ? UpdateApplier.Apply(current, update, isInsert: false) : UpdateApplier.Replace(current, update);
                if (next.Equals(current))
                {
                    continue; // a no-op update is matched but not modified, and not journaled
                }
                collection.Replace(record, next);
                modified++;
            }
            return (matches.Count, modified, null);
        }
        if (!upsert)
        {
            return (0, 0, null);
        }
        BsonDocument created;
        if (isOperator)
        {
            created = UpdateApplier.Apply(UpdateApplier.SeedFromFilter(filter), update, isInsert: true);
        }
        else
        {
            // The statement's documents are not shared with anything else, so the replacement can be stored as is.
            created = update;
            if (!DocumentFields.Has(created, "_id") && UpdateApplier.SeedFromFilter(filter).TryGetValue("_id", out var seedId))
            {
                created = UpdateApplier.WithIdFirst(created, seedId);
            }
        }
        created = InsertCommand.Prepare(created);
        collection.Insert(created);
        return (0, 0, DocumentFields.Id(created));
    }
}
