using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

public sealed class CrudTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private IMongoCollection<BsonDocument> _lines = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _lines = _host.Database().GetCollection<BsonDocument>("lines");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static BsonDocument Line(int id, string customer, decimal price, int quantity, DateTime date) => new()
    {
        { "_id", id },
        { "CustomerID", customer },
        { "UnitPrice", new Decimal128(price) },
        { "Quantity", quantity },
        { "InvoiceDate", date },
    };

    [Fact]
    public async Task Inserts_documents_and_finds_them_again_with_generated_ids()
    {
        await _lines.InsertOneAsync(new BsonDocument("name", "no id"));
        await _lines.InsertManyAsync([Line(1, "C1", 2.55m, 6, new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc))]);

        var all = await _lines.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        var one = await _lines.Find(new BsonDocument("_id", 1)).SingleAsync();

        Assert.Equal(2, all.Count);
        Assert.Contains(all, d => d["_id"].IsObjectId);
        Assert.Equal(new Decimal128(2.55m), one["UnitPrice"].AsDecimal128);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc), one["InvoiceDate"].ToUniversalTime());
    }

    [Fact]
    public async Task Finds_with_filter_sort_skip_limit_and_projection()
    {
        var start = new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await _lines.InsertManyAsync(Enumerable.Range(1, 50).Select(i => Line(i, i % 2 == 0 ? "EVEN" : "ODD", i * 1.5m, i, start.AddDays(i))));
        var filter = Builders<BsonDocument>.Filter.Eq("CustomerID", "EVEN") & Builders<BsonDocument>.Filter.Gte("UnitPrice", new Decimal128(15m));

        var page = await _lines.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Descending("Quantity"))
            .Skip(2).Limit(3)
            .Project(Builders<BsonDocument>.Projection.Include("Quantity").Exclude("_id"))
            .ToListAsync();

        Assert.Equal([46, 44, 42], page.Select(d => d["Quantity"].AsInt32));
        Assert.All(page, d => Assert.Equal(["Quantity"], d.Names));
    }

    [Fact]
    public async Task Matches_numbers_across_int_long_double_and_decimal_types()
    {
        await _lines.InsertManyAsync([
            new BsonDocument { { "_id", 1 }, { "v", 5 } },
            new BsonDocument { { "_id", 2 }, { "v", 5L } },
            new BsonDocument { { "_id", 3 }, { "v", 5.0 } },
            new BsonDocument { { "_id", 4 }, { "v", new Decimal128(5m) } },
            new BsonDocument { { "_id", 5 }, { "v", "5" } },
            new BsonDocument { { "_id", 6 }, { "v", BsonNull.Value } },
        ]);

        var equal = await _lines.Find(new BsonDocument("v", new Decimal128(5.0m))).ToListAsync();
        var greater = await _lines.Find(new BsonDocument("v", new BsonDocument("$gt", 4.5))).ToListAsync();
        var nulls = await _lines.Find(new BsonDocument("v", BsonNull.Value)).ToListAsync();
        var missing = await _lines.Find(new BsonDocument("w", new BsonDocument("$exists", false))).CountDocumentsAsync();

        Assert.Equal([1, 2, 3, 4], equal.Select(d => d["_id"].AsInt32).Order());
        Assert.Equal([1, 2, 3, 4], greater.Select(d => d["_id"].AsInt32).Order());
        Assert.Equal([6], nulls.Select(d => d["_id"].AsInt32));
        Assert.Equal(6, missing);
    }

    [Fact]
    public async Task Evaluates_logical_regex_in_and_array_membership_operators()
    {
        await _lines.InsertManyAsync([
            new BsonDocument { { "_id", 1 }, { "Description", "WHITE HANGING HEART" }, { "tags", new BsonArray { "red", "big" } }, { "meta", new BsonDocument("country", "UK") } },
            new BsonDocument { { "_id", 2 }, { "Description", "white metal lantern" }, { "tags", new BsonArray { "blue" } }, { "meta", new BsonDocument("country", "France") } },
            new BsonDocument { { "_id", 3 }, { "Description", "CREAM CUPID HEARTS" }, { "tags", new BsonArray() }, { "meta", new BsonDocument("country", "UK") } },
        ]);

        async Task<int[]> Ids(BsonDocument filter) =>
            (await _lines.Find(filter).ToListAsync()).Select(d => d["_id"].AsInt32).Order().ToArray();

        Assert.Equal(new[] { 1, 2 }, await Ids(new BsonDocument("Description", new BsonDocument { { "$regex", "^white" }, { "$options", "i" } })));
        Assert.Equal(new[] { 1 }, await Ids(new BsonDocument("tags", "red")));
        Assert.Equal(new[] { 1, 2 }, await Ids(new BsonDocument("tags", new BsonDocument("$in", new BsonArray { "big", "blue" }))));
        Assert.Equal(new[] { 3 }, await Ids(new BsonDocument("tags", new BsonDocument("$nin", new BsonArray { "red", "blue" }))));
        Assert.Equal(new[] { 2 }, await Ids(new BsonDocument("meta.country", new BsonDocument("$ne", "UK"))));
        Assert.Equal(new[] { 1, 3 }, await Ids(new BsonDocument("$or", new BsonArray { new BsonDocument("_id", 1), new BsonDocument("_id", 3) })));
        Assert.Equal(new[] { 2, 3 }, await Ids(new BsonDocument("$nor", new BsonArray { new BsonDocument("_id", 1) })));
        Assert.Equal(new[] { 2, 3 }, await Ids(new BsonDocument("Description", new BsonDocument("$not", new BsonRegularExpression("HEART$")))));
        Assert.Equal(new[] { 1, 2 }, await Ids(new BsonDocument("$and", new BsonArray { new BsonDocument("_id", new BsonDocument("$lte", 2)), new BsonDocument("tags.0", new BsonDocument("$exists", true)) })));
    }

    [Fact]
    public async Task Applies_update_operators_and_reports_matched_and_modified_counts()
    {
        await _lines.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "qty", 5 }, { "price", new Decimal128(1.10m) }, { "old", true }, { "low", 10 }, { "high", 10 } });

        var result = await _lines.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument
        {
            { "$set", new BsonDocument("nested.name", "x") },
            { "$inc", new BsonDocument { { "qty", 2 }, { "price", new Decimal128(0.15m) } } },
            { "$unset", new BsonDocument("old", "") },
            { "$min", new BsonDocument("low", 3) },
            { "$max", new BsonDocument("high", 30) },
            { "$push", new BsonDocument("history", "first") },
            { "$setOnInsert", new BsonDocument("created", true) },
        });
        var noop = await _lines.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("qty", 7)));
        var doc = await _lines.Find(new BsonDocument("_id", 1)).SingleAsync();

        Assert.Equal(1, result.MatchedCount);
        Assert.Equal(1, result.ModifiedCount);
        Assert.Equal(1, noop.MatchedCount);
        Assert.Equal(0, noop.ModifiedCount);
        Assert.Equal(7, doc["qty"].AsInt32);
        Assert.Equal(new Decimal128(1.25m), doc["price"].AsDecimal128);
        Assert.False(doc.Contains("old"));
        Assert.False(doc.Contains("created"));
        Assert.Equal("x", doc["nested"]["name"].AsString);
        Assert.Equal(3, doc["low"].AsInt32);
        Assert.Equal(30, doc["high"].AsInt32);
        Assert.Equal(new BsonArray { "first" }, doc["history"].AsBsonArray);
    }

    [Fact]
    public async Task Upserts_with_operators_using_the_filter_equalities_and_set_on_insert()
    {
        var result = await _lines.UpdateOneAsync(
            new BsonDocument { { "CustomerID", "C9" }, { "InvoiceNo", "536365" } },
            new BsonDocument { { "$inc", new BsonDocument("lines", 1) }, { "$setOnInsert", new BsonDocument("firstSeen", "today") } },
            new UpdateOptions { IsUpsert = true });
        var many = await _lines.UpdateManyAsync(new BsonDocument("CustomerID", "C9"), new BsonDocument("$inc", new BsonDocument("lines", 1)));
        var doc = await _lines.Find(new BsonDocument("CustomerID", "C9")).SingleAsync();

        Assert.NotNull(result.UpsertedId);
        Assert.Equal(0, result.MatchedCount);
        Assert.Equal(1, many.ModifiedCount);
        Assert.Equal("536365", doc["InvoiceNo"].AsString);
        Assert.Equal(2, doc["lines"].AsInt32);
        Assert.Equal("today", doc["firstSeen"].AsString);
    }

    [Fact]
    public async Task Deletes_one_or_many_matching_documents()
    {
        await _lines.InsertManyAsync(Enumerable.Range(1, 10).Select(i => new BsonDocument { { "_id", i }, { "even", i % 2 == 0 } }));

        var one = await _lines.DeleteOneAsync(new BsonDocument("even", true));
        var many = await _lines.DeleteManyAsync(new BsonDocument("even", true));
        var left = await _lines.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);

        Assert.Equal(1, one.DeletedCount);
        Assert.Equal(4, many.DeletedCount);
        Assert.Equal(5, left);
    }

    [Fact]
    public async Task Rejects_changing_the_immutable_id_on_replace()
    {
        await _lines.InsertOneAsync(new BsonDocument("_id", 1));

        var ex = await Assert.ThrowsAsync<MongoWriteException>(() =>
            _lines.ReplaceOneAsync(new BsonDocument("_id", 1), new BsonDocument { { "_id", 2 }, { "x", 1 } }));

        Assert.Equal(66, ex.WriteError.Code);
    }
}
