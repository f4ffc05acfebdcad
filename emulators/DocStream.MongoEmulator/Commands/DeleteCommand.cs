using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>delete: removes the first (limit 1) or all (limit 0) matching documents per statement.</summary>
internal static class DeleteCommand
{
    public static BsonDocument Execute(CommandContext ctx)
    {
        if (ctx.Command.GetValue("deletes", null) is not BsonArray deletes)
        {
            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "BSON field 'delete.deletes' is missing but a required field");
        }
        var ordered = ctx.Flag("ordered", true);
        var errors = new BsonArray();
        long removed = 0;
        if (ctx.Server.Storage.Find(ctx.Database, ctx.CollectionName) is not null)
        {
            ctx.Server.Storage.Write(ctx.Database, ctx.CollectionName, collection =>
            {
                for (var i = 0; i < deletes.Count; i++)
                {
                    try
                    {
                        var statement = deletes[i].AsBsonDocument;
                        var filter = statement.GetValue("q", new BsonDocument()).AsBsonDocument;
                        var limit = statement.GetValue("limit", 0).ToInt32();
                        if (limit is not (0 or 1))
                        {
                            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "The limit field in delete objects must be 0 or 1");
                        }
                        var matches = QueryExecutor.Matching(collection, filter);
                        var victims = (limit == 1 ? matches.Take(1) : matches).ToList();
                        foreach (var record in victims)
                        {
                            collection.Delete(record);
                        }
                        removed += victims.Count;
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
        }
        var reply = new BsonDocument("n", (int)removed);
        if (errors.Count > 0)
        {
            reply["writeErrors"] = errors;
        }
        reply["ok"] = 1.0;
        return reply;
    }
}
