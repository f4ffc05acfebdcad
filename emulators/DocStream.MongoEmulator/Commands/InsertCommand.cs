using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>insert: adds documents (generating ObjectId _ids), reporting per-document writeErrors; ordered stops at the first.</summary>
internal static class InsertCommand
{
    public static BsonDocument Execute(CommandContext ctx)
    {
        if (ctx.Command.GetValue("documents", null) is not BsonArray documents)
        {
            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "BSON field 'insert.documents' is missing but a required field");
        }
        var ordered = ctx.Flag("ordered", true);
        var errors = new BsonArray();
        var inserted = 0;
        ctx.Server.Storage.Write(ctx.Database, ctx.CollectionName, collection =>
        {
            for (var i = 0; i < documents.Count; i++)
            {
                try
                {
                    var doc = documents[i] as BsonDocument
                        ?? throw new MongoCommandException(MongoErrorCodes.TypeMismatch, "documents must be objects");
                    collection.Insert(Prepare(doc));
                    inserted++;
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
        var reply = new BsonDocument("n", inserted);
        if (errors.Count > 0)
        {
            reply["writeErrors"] = errors;
        }
        reply["ok"] = 1.0;
        return reply;
    }

    /// <summary>Ensures an _id (first field), as mongod does.</summary>
    public static BsonDocument Prepare(BsonDocument doc)
    {
        if (!DocumentFields.TryGet(doc, "_id", out var id))
        {
            var withId = new BsonDocument("_id", ObjectId.GenerateNewId());
            withId.AddRange(doc);
            return withId;
        }
        if (id is BsonArray or BsonRegularExpression)
        {
            throw new MongoCommandException(MongoErrorCodes.BadValue, $"can't use an {id.BsonType} for _id");
        }
        return UpdateApplier.WithIdFirst(doc, id);
    }
}
