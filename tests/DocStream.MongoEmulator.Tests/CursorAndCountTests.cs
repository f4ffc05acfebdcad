using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

public sealed class CursorAndCountTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private IMongoCollection<BsonDocument> _items = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _items = _host.Database().GetCollection<BsonDocument>("items");
        await _items.InsertManyAsync(Enumerable.Range(0, 10_000).Select(i => new BsonDocument { { "_id", i }, { "group", i % 10 }, { "name", $"item {i}" } }));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Pages_through_ten_thousand_documents_with_small_batches_via_get_more()
    {
        var seen = new List<int>();
        var batches = 0;
        using (var cursor = await _items.FindAsync(FilterDefinition<BsonDocument>.Empty,
            new FindOptions<BsonDocument> { BatchSize = 250, Sort = new BsonDocument("_id", 1) }))
        {
            while (await cursor.MoveNextAsync())
            {
                batches++;
                seen.AddRange(cursor.Current.Select(d => d["_id"].AsInt32));
            }
        }

        Assert.Equal(Enumerable.Range(0, 10_000), seen);
        Assert.Equal(40, batches);
    }

    [Fact]
    public async Task Kills_an_abandoned_cursor_and_then_reports_it_missing()
    {
        var db = _host.Database();
        var first = await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "find", "items" }, { "batchSize", 5 } });
        var id = first["cursor"]["id"].AsInt64;

        var killed = await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "killCursors", "items" }, { "cursors", new BsonArray { id } } });
        var ex = await Assert.ThrowsAsync<MongoCommandException>(() =>
            db.RunCommandAsync<BsonDocument>(new BsonDocument { { "getMore", id }, { "collection", "items" } }));

        Assert.NotEqual(0, id);
        Assert.Equal(id, killed["cursorsKilled"][0].AsInt64);
        Assert.Equal(43, ex.Code);
    }

    [Fact]
    public async Task Returns_a_single_batch_when_asked_and_closes_the_cursor()
    {
        var db = _host.Database();

        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "find", "items" }, { "batchSize", 7 }, { "singleBatch", true } });

        Assert.Equal(7, reply["cursor"]["firstBatch"].AsBsonArray.Count);
        Assert.Equal(0, reply["cursor"]["id"].AsInt64);
    }

    [Fact]
    public async Task Counts_documents_with_count_documents_estimated_count_and_the_count_command()
    {
        var filter = Builders<BsonDocument>.Filter.Eq("group", 3);

        var counted = await _items.CountDocumentsAsync(filter);
        var limited = await _items.CountDocumentsAsync(filter, new CountOptions { Skip = 100, Limit = 50 });
        var estimated = await _items.EstimatedDocumentCountAsync();
        var command = await _host.Database().RunCommandAsync<BsonDocument>(new BsonDocument { { "count", "items" }, { "query", new BsonDocument("group", new BsonDocument("$lt", 2)) } });
        var distinct = await (await _items.DistinctAsync<int>("group", FilterDefinition<BsonDocument>.Empty)).ToListAsync();

        Assert.Equal(1000, counted);
        Assert.Equal(50, limited);
        Assert.Equal(10_000, estimated);
        Assert.Equal(2000, command["n"].ToInt64());
        Assert.Equal(Enumerable.Range(0, 10), distinct);
    }
}
