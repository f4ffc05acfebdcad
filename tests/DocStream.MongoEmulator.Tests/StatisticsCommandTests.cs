using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

/// <summary>serverStatus, dbStats and collStats, which admin tools such as Mongo Express show on every page.</summary>
public sealed class StatisticsCommandTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;

    public async Task InitializeAsync() => _host = await EmulatorHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Collection_stats_report_the_count_and_the_exact_bson_size_of_the_documents()
    {
        var db = _host.Database("docstreaming");
        var invoices = db.GetCollection<BsonDocument>("invoices");
        var documents = Enumerable.Range(0, 40).Select(InvoiceLine).ToList();
        await invoices.InsertManyAsync(documents);
        await invoices.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("InvoiceNo", 1)));
        var expectedSize = documents.Sum(d => (long)d.ToBson().Length);

        var stats = await db.RunCommandAsync<BsonDocument>(new BsonDocument("collStats", "invoices"));
        var scaled = await db.RunCommandAsync<BsonDocument>(new BsonDocument { { "collStats", "invoices" }, { "scale", 1024 } });

        Assert.Equal("docstreaming.invoices", stats["ns"].AsString);
        Assert.Equal(40, stats["count"].ToInt64());
        Assert.Equal(expectedSize, stats["size"].ToInt64());
        Assert.Equal(expectedSize / 40, stats["avgObjSize"].ToInt64());
        Assert.Equal(expectedSize / 1024, scaled["size"].ToInt64());
        Assert.Equal(1024, scaled["scaleFactor"].ToInt64());
        Assert.Equal(2, stats["nindexes"].ToInt32());
        Assert.Equal(["_id_", "InvoiceNo_1"], stats["indexSizes"].AsBsonDocument.Names);
        Assert.All(stats["indexSizes"].AsBsonDocument.Values, size => Assert.True(size.ToInt64() > 0));
        Assert.Equal(stats["indexSizes"].AsBsonDocument.Values.Sum(v => v.ToInt64()), stats["totalIndexSize"].ToInt64());
        Assert.True(stats["storageSize"].ToInt64() >= expectedSize, "the journal holds every document written");
    }

    [Fact]
    public async Task Collection_stats_of_a_missing_collection_are_zero()
    {
        var db = _host.Database("docstreaming");

        var stats = await db.RunCommandAsync<BsonDocument>(new BsonDocument("collStats", "nothing-here"));

        Assert.Equal(0, stats["count"].ToInt64());
        Assert.Equal(0, stats["size"].ToInt64());
        Assert.Equal(0, stats["nindexes"].ToInt32());
    }

    [Fact]
    public async Task Collection_stats_follow_replacements_and_deletes()
    {
        var invoices = _host.Database("docstreaming").GetCollection<BsonDocument>("invoices");
        await invoices.InsertManyAsync(Enumerable.Range(0, 3).Select(InvoiceLine));
        var longer = InvoiceLine(1);
        longer["Description"] = "A MUCH LONGER DESCRIPTION THAN ANY LINE HAD BEFORE";
        await invoices.ReplaceOneAsync(new BsonDocument("_id", longer["_id"]), longer);
        await invoices.DeleteOneAsync(new BsonDocument("_id", InvoiceLine(2)["_id"]));

        var stats = await _host.Database("docstreaming").RunCommandAsync<BsonDocument>(new BsonDocument("collStats", "invoices"));

        Assert.Equal(2, stats["count"].ToInt64());
        Assert.Equal(InvoiceLine(0).ToBson().Length + longer.ToBson().Length, stats["size"].ToInt64());
    }

    [Fact]
    public async Task Sizes_count_every_bson_type_exactly()
    {
        var things = _host.Database("shop").GetCollection<BsonDocument>("things");
        var document = new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "text", "déjà vu ✓" },
            { "int", 7 },
            { "long", 7L },
            { "double", 2.55 },
            { "decimal", new BsonDecimal128(2.55m) },
            { "flag", true },
            { "nothing", BsonNull.Value },
            { "when", new BsonDateTime(DateTime.UnixEpoch.AddDays(1)) },
            { "bytes", new BsonBinaryData([1, 2, 3]) },
            { "uuid", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard) },
            { "pattern", new BsonRegularExpression("^WHITE", "i") },
            { "stamp", new BsonTimestamp(1, 2) },
            { "min", BsonMinKey.Value },
            { "max", BsonMaxKey.Value },
            { "nested", new BsonDocument { { "a", new BsonArray(Enumerable.Range(0, 12)) }, { "b", new BsonDocument("c", "d") } } },
        };
        await things.InsertOneAsync(document);

        var stats = await _host.Database("shop").RunCommandAsync<BsonDocument>(new BsonDocument("collStats", "things"));

        Assert.Equal(document.ToBson().Length, stats["size"].ToInt64());
    }

    [Fact]
    public async Task Database_stats_add_up_the_collections_of_that_database_only()
    {
        var db = _host.Database("docstreaming");
        var invoices = Enumerable.Range(0, 10).Select(InvoiceLine).ToList();
        var deadLetters = new[] { new BsonDocument { { "_id", "dl-1" }, { "reason", "decode" } } };
        await db.GetCollection<BsonDocument>("invoices").InsertManyAsync(invoices);
        await db.GetCollection<BsonDocument>("deadletters").InsertManyAsync(deadLetters);
        await _host.Database("other").GetCollection<BsonDocument>("elsewhere").InsertOneAsync(InvoiceLine(99));
        var dataSize = invoices.Concat(deadLetters).Sum(d => (long)d.ToBson().Length);

        var stats = await db.RunCommandAsync<BsonDocument>(new BsonDocument("dbStats", 1));

        Assert.Equal("docstreaming", stats["db"].AsString);
        Assert.Equal(2, stats["collections"].ToInt32());
        Assert.Equal(11, stats["objects"].ToInt64());
        Assert.Equal(dataSize, stats["dataSize"].ToInt64());
        Assert.Equal((double)dataSize / 11, stats["avgObjSize"].ToDouble(), 6);
        Assert.Equal(2, stats["indexes"].ToInt32());
        Assert.True(stats["indexSize"].ToInt64() > 0);
        Assert.Equal(stats["storageSize"].ToInt64() + stats["indexSize"].ToInt64(), stats["totalSize"].ToInt64());
    }

    [Fact]
    public async Task Server_status_counts_operations_as_mongod_does()
    {
        var admin = _host.CreateClient().GetDatabase("admin");
        var invoices = _host.Database("docstreaming").GetCollection<BsonDocument>("invoices");
        var before = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1));

        await invoices.InsertManyAsync(Enumerable.Range(0, 3).Select(InvoiceLine));
        await invoices.BulkWriteAsync(
        [
            new UpdateOneModel<BsonDocument>(new BsonDocument("_id", InvoiceLine(0)["_id"]), new BsonDocument("$set", new BsonDocument("Quantity", 1))),
            new UpdateOneModel<BsonDocument>(new BsonDocument("_id", InvoiceLine(1)["_id"]), new BsonDocument("$set", new BsonDocument("Quantity", 2))),
        ]);
        await invoices.DeleteOneAsync(new BsonDocument("_id", InvoiceLine(2)["_id"]));
        await invoices.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        var after = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1));

        long Delta(string counter) => after["opcounters"][counter].ToInt64() - before["opcounters"][counter].ToInt64();
        Assert.Equal(3, Delta("insert"));
        Assert.Equal(2, Delta("update"));
        Assert.Equal(1, Delta("delete"));
        Assert.Equal(1, Delta("query"));
        Assert.True(Delta("command") >= 1, "the second serverStatus itself is a command");
        Assert.Equal("7.0.0-docstream-emulator", after["version"].AsString);
        Assert.Equal("mongod", after["process"].AsString);
        Assert.True(after["localTime"].ToUniversalTime() >= before["localTime"].ToUniversalTime());
    }

    [Fact]
    public async Task Server_status_counts_the_open_connections()
    {
        var admin = _host.CreateClient().GetDatabase("admin");
        var before = (await admin.RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1)))["connections"];
        // Another application name: the driver shares one connection pool between clients with identical settings.
        using var other = _host.CreateClient(_host.Server.ConnectionString + "&appName=another-tool");
        await other.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));

        var during = (await admin.RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1)))["connections"];

        Assert.True(during["current"].ToInt32() > before["current"].ToInt32());
        Assert.True(during["totalCreated"].ToInt64() > before["totalCreated"].ToInt64());
        Assert.Equal(ServerActivityLimit - during["current"].ToInt32(), during["available"].ToInt32());
    }

    [Fact]
    public async Task Statistics_need_authentication()
    {
        var anonymous = _host.CreateClient($"mongodb://127.0.0.1:{_host.Server.Port}/").GetDatabase("admin");

        var ex = await Assert.ThrowsAsync<MongoCommandException>(() => anonymous.RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1)));

        Assert.Equal(13, ex.Code);
    }

    /// <summary>mongod's default connection limit, which the emulator reports too.</summary>
    private const int ServerActivityLimit = 838_860;

    private static BsonDocument InvoiceLine(int i) => new()
    {
        { "_id", $"{536365 + i}-85123A" },
        { "InvoiceNo", $"{536365 + i}" },
        { "StockCode", "85123A" },
        { "Description", "WHITE HANGING HEART T-LIGHT HOLDER" },
        { "Quantity", 6 + i },
        { "UnitPrice", 2.55 },
        { "CustomerID", "17850" },
        { "Country", "United Kingdom" },
        { "InvoiceDate", new BsonDateTime(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc)) },
    };
}
