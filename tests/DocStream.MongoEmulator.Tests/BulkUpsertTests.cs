using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.MongoEmulator.Tests;

[Collection(ThroughputCollection.Name)]
public sealed class BulkUpsertTests(ITestOutputHelper output) : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private IMongoCollection<BsonDocument> _lines = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _lines = _host.Database().GetCollection<BsonDocument>("lines");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static BsonDocument Line(int i) => new()
    {
        { "_id", $"536365-{i:D6}" },
        { "InvoiceNo", (536365 + i / 10).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        { "StockCode", "85123A" },
        { "Description", "WHITE HANGING HEART T-LIGHT HOLDER" },
        { "Quantity", i % 12 + 1 },
        { "InvoiceDate", new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc).AddMinutes(i) },
        { "UnitPrice", new Decimal128(2.55m + i % 7) },
        { "CustomerID", (17850 + i % 500).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        { "Country", "United Kingdom" },
    };

    private static List<WriteModel<BsonDocument>> Upserts(IEnumerable<BsonDocument> docs) =>
        docs.Select(d => (WriteModel<BsonDocument>)new ReplaceOneModel<BsonDocument>(new BsonDocument("_id", d["_id"]), d) { IsUpsert = true }).ToList();

    [Fact]
    public async Task Upserts_the_same_ids_twice_without_duplicates()
    {
        var docs = Enumerable.Range(0, 1000).Select(Line).ToList();
        var options = new BulkWriteOptions { IsOrdered = false };

        var first = await _lines.BulkWriteAsync(Upserts(docs), options);
        var second = await _lines.BulkWriteAsync(Upserts(docs), options);

        Assert.Equal(1000, first.Upserts.Count);
        Assert.Equal(0, first.MatchedCount);
        Assert.Empty(second.Upserts);
        Assert.Equal(1000, second.MatchedCount);
        Assert.Equal(0, second.ModifiedCount);
        Assert.Equal(1000, await _lines.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Counts_modified_replacements_and_operator_updates_in_one_bulk_write()
    {
        await _lines.InsertManyAsync(Enumerable.Range(0, 10).Select(Line));
        var changed = Line(0);
        changed["Quantity"] = 999;
        var models = new List<WriteModel<BsonDocument>>
        {
            new ReplaceOneModel<BsonDocument>(new BsonDocument("_id", changed["_id"]), changed) { IsUpsert = true },
            new ReplaceOneModel<BsonDocument>(new BsonDocument("_id", Line(1)["_id"]), Line(1)) { IsUpsert = true },
            new UpdateOneModel<BsonDocument>(new BsonDocument("_id", Line(2)["_id"]), new BsonDocument("$set", new BsonDocument("Country", "France"))),
            new UpdateOneModel<BsonDocument>(new BsonDocument("_id", "new-one"), new BsonDocument("$set", new BsonDocument("Country", "Spain"))) { IsUpsert = true },
            new UpdateOneModel<BsonDocument>(new BsonDocument("_id", "absent"), new BsonDocument("$set", new BsonDocument("Country", "Nowhere"))),
        };

        var result = await _lines.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false });

        Assert.Equal(3, result.MatchedCount);
        Assert.Equal(2, result.ModifiedCount);
        var upsert = Assert.Single(result.Upserts);
        Assert.Equal(3, upsert.Index);
        Assert.Equal("new-one", upsert.Id.AsString);
        Assert.Equal(11, await _lines.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Measures_bulk_upsert_throughput_of_replacement_batches()
    {
        const int total = 60_000;
        const int batch = 2_000;
        var docs = Enumerable.Range(0, total).Select(Line).ToList();
        var options = new BulkWriteOptions { IsOrdered = false };
        await _lines.BulkWriteAsync(Upserts(docs.Take(batch)), options); // warm-up (JIT, connection pool)

        var watch = Stopwatch.StartNew();
        long upserted = 0;
        for (var i = 0; i < total; i += batch)
        {
            var result = await _lines.BulkWriteAsync(Upserts(docs.Skip(i).Take(batch)), options);
            upserted += result.Upserts.Count + result.MatchedCount;
        }
        watch.Stop();

        var rate = total / watch.Elapsed.TotalSeconds;
        output.WriteLine($"bulk upsert: {total:N0} documents in {watch.Elapsed.TotalMilliseconds:N0} ms = {rate:N0} documents/s (batches of {batch}, unordered, replacement upserts by _id)");
        Assert.Equal(total, upserted);
        Assert.Equal(total, await _lines.EstimatedDocumentCountAsync());
    }
}
