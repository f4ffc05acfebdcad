using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>Builds { cursor: { firstBatch, id, ns } } replies, opening a server-side cursor when results remain.</summary>
internal static class CursorReplies
{
    public const int DefaultFirstBatch = 101;

    public static BsonDocument FirstBatch(ServerState server, string ns, List<BsonDocument> documents, int? batchSize, bool singleBatch, Projection? projection = null)
    {
        var id = server.Cursors.NewId();
        var cursor = new ServerCursor(id, ns, documents, projection);
        var batch = batchSize == 0 ? [] : cursor.NextBatch(batchSize ?? DefaultFirstBatch);
        var open = !cursor.Exhausted && !singleBatch;
        if (open)
        {
            server.Cursors.Add(cursor);
        }
        return Reply("firstBatch", open ? id : 0, ns, batch);
    }

    public static BsonDocument Reply(string batchName, long id, string ns, BsonArray batch) => new()
    {
        { "cursor", new BsonDocument { { batchName, batch }, { "id", id }, { "ns", ns } } },
        { "ok", 1.0 },
    };
}
