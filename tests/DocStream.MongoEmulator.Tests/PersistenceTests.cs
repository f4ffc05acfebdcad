using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

public sealed class PersistenceTests
{
    private static async Task SeedAsync(IMongoDatabase db)
    {
        var lines = db.GetCollection<BsonDocument>("lines");
        await lines.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("code"), new CreateIndexOptions { Unique = true }));
        await lines.InsertManyAsync(Enumerable.Range(1, 100).Select(i => new BsonDocument { { "_id", i }, { "code", $"K{i}" }, { "price", new Decimal128(i / 4m) } }));
        await lines.ReplaceOneAsync(new BsonDocument("_id", 5), new BsonDocument { { "_id", 5 }, { "code", "K5" }, { "price", new Decimal128(99.99m) } });
        await lines.DeleteManyAsync(new BsonDocument("_id", new BsonDocument("$gt", 90)));
        await db.GetCollection<BsonDocument>("empty").Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("x")));
    }

    private static async Task AssertSeededAsync(IMongoDatabase db)
    {
        var lines = db.GetCollection<BsonDocument>("lines");
        Assert.Equal(90, await lines.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        var five = await lines.Find(new BsonDocument("_id", 5)).SingleAsync();
        Assert.Equal(new Decimal128(99.99m), five["price"].AsDecimal128);
        var names = (await (await lines.Indexes.ListAsync()).ToListAsync()).Select(i => i["name"].AsString).ToList();
        Assert.Equal(["_id_", "code_1"], names);
        var collections = await (await db.ListCollectionNamesAsync()).ToListAsync();
        Assert.Contains("empty", collections);
        // The unique index still holds after reload.
        var ex = await Assert.ThrowsAsync<MongoWriteException>(() => lines.InsertOneAsync(new BsonDocument { { "_id", 500 }, { "code", "K7" } }));
        Assert.Equal(ServerErrorCategory.DuplicateKey, ex.WriteError.Category);
    }

    [Fact]
    public async Task Keeps_documents_and_indexes_across_a_clean_restart()
    {
        await using var host = await EmulatorHost.StartAsync();
        await SeedAsync(host.Database());

        await host.RestartAsync();

        await AssertSeededAsync(host.Database());
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "shop", "lines.snapshot")));
    }

    [Fact]
    public async Task Keeps_acknowledged_writes_after_a_crash_and_discards_a_torn_final_record()
    {
        await using var host = await EmulatorHost.StartAsync();
        await SeedAsync(host.Database());
        var journal = Path.Combine(host.DataDirectory, "shop", "lines.journal");

        await host.CrashAndRestartAsync(dataDir =>
        {
            // A write killed half-way: a record header promising 200 bytes, followed by only a few.
            using var file = new FileStream(journal, FileMode.Append);
            file.Write([200, 0, 0, 0, 1, 0xDE, 0xAD, 0xBE, 0xEF, 0x10, 0x20]);
        });

        await AssertSeededAsync(host.Database());
        // Writes after the recovery land and survive another crash.
        var lines = host.Database().GetCollection<BsonDocument>("lines");
        await lines.InsertOneAsync(new BsonDocument { { "_id", 1000 }, { "code", "after" } });
        await host.CrashAndRestartAsync();
        Assert.Equal(91, await host.Database().GetCollection<BsonDocument>("lines").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Discards_a_final_record_whose_checksum_does_not_match()
    {
        await using var host = await EmulatorHost.StartAsync();
        var lines = host.Database().GetCollection<BsonDocument>("lines");
        await lines.InsertOneAsync(new BsonDocument("_id", 1));
        await lines.InsertOneAsync(new BsonDocument("_id", 2));
        var journal = Path.Combine(host.DataDirectory, "shop", "lines.journal");

        await host.CrashAndRestartAsync(_ =>
        {
            // Flip the last byte of the last record (its BSON terminator): the CRC no longer matches.
            var bytes = File.ReadAllBytes(journal);
            bytes[^1] ^= 0xFF;
            File.WriteAllBytes(journal, bytes);
        });

        var ids = (await host.Database().GetCollection<BsonDocument>("lines").Find(FilterDefinition<BsonDocument>.Empty).ToListAsync()).Select(d => d["_id"].AsInt32);
        Assert.Equal([1], ids);
    }

    [Fact]
    public async Task Forgets_dropped_collections_and_databases_after_restart()
    {
        await using var host = await EmulatorHost.StartAsync();
        var client = host.CreateClient();
        await client.GetDatabase("shop").GetCollection<BsonDocument>("a").InsertOneAsync(new BsonDocument("_id", 1));
        await client.GetDatabase("shop").GetCollection<BsonDocument>("b").InsertOneAsync(new BsonDocument("_id", 1));
        await client.GetDatabase("other").GetCollection<BsonDocument>("c").InsertOneAsync(new BsonDocument("_id", 1));
        await client.GetDatabase("shop").DropCollectionAsync("a");
        await client.DropDatabaseAsync("other");

        await host.RestartAsync();

        var after = host.CreateClient();
        var databases = await (await after.ListDatabaseNamesAsync()).ToListAsync();
        var collections = await (await after.GetDatabase("shop").ListCollectionNamesAsync()).ToListAsync();
        Assert.Equal(["shop"], databases);
        Assert.Equal(["b"], collections);
    }
}
