using DocStream.MongoEmulator.Aggregation;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>aggregate (cursor form) over one collection.</summary>
internal static class AggregateCommand
{
    public static BsonDocument Execute(CommandContext ctx)
    {
        if (ctx.Command[0] is not BsonString)
        {
            throw MongoCommandException.NotSupported("database-level aggregate ({aggregate: 1})");
        }
        if (ctx.Flag("explain"))
        {
            throw MongoCommandException.NotSupported("aggregate explain");
        }
        FindCommands.RejectNonSimpleCollation(ctx);
        if (ctx.Command.GetValue("pipeline", null) is not BsonArray pipeline)
        {
            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "'pipeline' option must be specified as an array");
        }
        var cursorOptions = ctx.OptionalDocument("cursor")
            ?? throw new MongoCommandException(MongoErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
        var results = PipelineExecutor.Run(ctx.Server.Storage, ctx.Database, ctx.CollectionName, pipeline);
        var batchSize = cursorOptions.TryGetValue("batchSize", out var b) ? b.ToInt32() : (int?)null;
        return CursorReplies.FirstBatch(ctx.Server, ctx.Namespace, results, batchSize, singleBatch: false);
    }
}
