using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.MongoEmulator.Tests;

[Collection(ThroughputCollection.Name)]
public sealed class IndexTests(ITestOutputHelper output) : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private IMongoCollection<BsonDocument> _customers = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _customers = _host.Database().GetCollection<BsonDocument>("customers");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Raises_the_driver_duplicate_key_error_for_a_unique_index_violation()
    {
        await _customers.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("email"), new CreateIndexOptions { Unique = true }));
        await _customers.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "email", "a@example.com" } });

        var ex = await Assert.ThrowsAsync<MongoWriteException>(() =>
            _customers.InsertOneAsync(new BsonDocument { { "_id", 2 }, { "email", "a@example.com" } }));

        Assert.Equal(ServerErrorCategory.DuplicateKey, ex.WriteError.Category);
        Assert.Equal(11000, ex.WriteError.Code);
        Assert.Contains("E11000 duplicate key error collection: shop.customers index: email_1 dup key: { email: \"a@example.com\" }", ex.WriteError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continues_an_unordered_bulk_insert_past_duplicate_keys_and_reports_each_index()
    {
        await _customers.InsertOneAsync(new BsonDocument("_id", 2));
        var docs = Enumerable.Range(1, 5).Select(i => new BsonDocument("_id", i == 4 ? 2 : i)).ToList();

        var ex = await Assert.ThrowsAsync<MongoBulkWriteException<BsonDocument>>(() =>
            _customers.InsertManyAsync(docs, new InsertManyOptions { IsOrdered = false }));

        Assert.Equal([1, 3], ex.WriteErrors.Select(e => e.Index));
        Assert.All(ex.WriteErrors, e => Assert.Equal(ServerErrorCategory.DuplicateKey, e.Category));
        Assert.Equal(3, ex.Result.InsertedCount);
        Assert.Equal(4, await _customers.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Stops_an_ordered_bulk_insert_at_the_first_duplicate()
    {
        await _customers.InsertOneAsync(new BsonDocument("_id", 2));

        var ex = await Assert.ThrowsAsync<MongoBulkWriteException<BsonDocument>>(() =>
            _customers.InsertManyAsync(Enumerable.Range(1, 5).Select(i => new BsonDocument("_id", i))));

        Assert.Equal(1, Assert.Single(ex.WriteErrors).Index);
        Assert.Equal(2, await _customers.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Refuses_to_build_a_unique_index_over_existing_duplicates()
    {
        await _customers.InsertManyAsync([new BsonDocument { { "_id", 1 }, { "k", 1 } }, new BsonDocument { { "_id", 2 }, { "k", 1 } }]);

        var ex = await Assert.ThrowsAsync<MongoCommandException>(() => _customers.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("k"), new CreateIndexOptions { Unique = true })));

        Assert.Equal(11000, ex.Code);
    }

    [Fact]
    public async Task Lists_creates_and_drops_single_and_compound_indexes()
    {
        var compound = await _customers.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("CustomerID").Descending("InvoiceDate")));
        await _customers.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("InvoiceNo"), new CreateIndexOptions { Unique = true, Name = "invoice" }));

        var listed = await (await _customers.Indexes.ListAsync()).ToListAsync();
        await _customers.Indexes.DropOneAsync("invoice");
        var afterDrop = await (await _customers.Indexes.ListAsync()).ToListAsync();

        Assert.Equal("CustomerID_1_InvoiceDate_-1", compound);
        Assert.Equal(["_id_", "CustomerID_1_InvoiceDate_-1", "invoice"], listed.Select(i => i["name"].AsString));
        Assert.True(listed[2]["unique"].AsBoolean);
        Assert.Equal(new BsonDocument { { "CustomerID", 1 }, { "InvoiceDate", -1 } }, listed[1]["key"].AsBsonDocument);
        Assert.Equal(["_id_", "CustomerID_1_InvoiceDate_-1"], afterDrop.Select(i => i["name"].AsString));
    }

    [Fact]
    public async Task Answers_indexed_lookups_ranges_and_sorted_limits_consistently_with_a_full_scan()
    {
        var start = new DateTime(2010, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        const int total = 100_000;
        var docs = Enumerable.Range(0, total).Select(i => new BsonDocument
        {
            { "_id", i },
            { "CustomerID", i % 4000 == 0 ? BsonNull.Value : (BsonValue)$"C{i % 4000}" },
            { "InvoiceNo", $"{536365 + i / 4}" },
            { "InvoiceDate", start.AddMinutes(i) },
            { "UnitPrice", new Decimal128(i % 100 / 10m) },
        }).ToList();
        for (var i = 0; i < total; i += 10_000)
        {
            await _customers.InsertManyAsync(docs.Skip(i).Take(10_000), new InsertManyOptions { IsOrdered = false });
        }
        var plain = _host.Database().GetCollection<BsonDocument>("plain");
        await plain.InsertManyAsync(docs.Where(d => d["_id"].AsInt32 % 97 == 0));
        await _customers.Indexes.CreateManyAsync([
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("CustomerID")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("InvoiceNo")),
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Descending("InvoiceDate")),
        ]);
        var f = Builders<BsonDocument>.Filter;
        var from = start.AddMinutes(5000);
        var to = start.AddMinutes(5100);

        // Warm up the query paths once so the timings below show steady-state cost, not JIT compilation.
        await _customers.Find(f.Eq("CustomerID", "C18")).ToListAsync();
        await _customers.Find(f.Gte("InvoiceDate", to) & f.Lt("InvoiceDate", to.AddMinutes(5))).ToListAsync();
        await _customers.Find(FilterDefinition<BsonDocument>.Empty).Sort(Builders<BsonDocument>.Sort.Descending("InvoiceDate")).Limit(1).ToListAsync();
        var watch = Stopwatch.StartNew();
        var byCustomer = await _customers.Find(f.Eq("CustomerID", "C17")).ToListAsync();
        var customerMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var byInvoice = await _customers.Find(f.Eq("InvoiceNo", "536400")).ToListAsync();
        var invoiceMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var range = await _customers.Find(f.Gte("InvoiceDate", from) & f.Lt("InvoiceDate", to)).ToListAsync();
        var rangeMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var latest = await _customers.Find(FilterDefinition<BsonDocument>.Empty).Sort(Builders<BsonDocument>.Sort.Descending("InvoiceDate")).Limit(10).ToListAsync();
        var latestMs = watch.Elapsed.TotalMilliseconds;
        var oldest = await _customers.Find(f.Gt("UnitPrice", new Decimal128(9.5m))).Sort(Builders<BsonDocument>.Sort.Ascending("InvoiceDate")).Limit(3).ToListAsync();
        var guests = await _customers.CountDocumentsAsync(f.Eq("CustomerID", BsonNull.Value));
        var inList = await _customers.CountDocumentsAsync(f.In("CustomerID", ["C1", "C2", "C3"]));
        output.WriteLine($"on {total:N0} documents: CustomerID eq {customerMs:N1} ms, InvoiceNo eq {invoiceMs:N1} ms, date range {rangeMs:N1} ms, sort+limit {latestMs:N1} ms");

        Assert.Equal(25, byCustomer.Count);
        Assert.All(byCustomer, d => Assert.Equal("C17", d["CustomerID"].AsString));
        Assert.Equal([140, 141, 142, 143], byInvoice.Select(d => d["_id"].AsInt32).Order());
        Assert.Equal(Enumerable.Range(5000, 100), range.Select(d => d["_id"].AsInt32).Order());
        Assert.Equal(Enumerable.Range(total - 10, 10).Reverse(), latest.Select(d => d["_id"].AsInt32));
        Assert.Equal([96, 97, 98], oldest.Select(d => d["_id"].AsInt32));
        Assert.Equal(25, guests);
        Assert.Equal(75, inList);
        // A collection without indexes must give the same answers as an indexed one.
        var scanned = await plain.Find(f.Gte("InvoiceDate", from) & f.Lt("InvoiceDate", to)).ToListAsync();
        Assert.Equal(range.Where(d => d["_id"].AsInt32 % 97 == 0).Select(d => d["_id"].AsInt32), scanned.Select(d => d["_id"].AsInt32).Order());
    }
}
