using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

/// <summary>The <c>failCommand</c> fail point, driven with the official driver as against a mongod with test commands on.</summary>
public sealed class FailPointTests
{
    private static BsonDocument FailCommand(BsonValue mode, BsonDocument data) =>
        new() { { "configureFailPoint", "failCommand" }, { "mode", mode }, { "data", data } };

    [Fact]
    public async Task Without_test_commands_configure_fail_point_is_not_a_command()
    {
        await using var host = await EmulatorHost.StartAsync();
        var admin = host.CreateClient().GetDatabase("admin");

        var ex = await Assert.ThrowsAsync<MongoCommandException>(() => admin.RunCommandAsync<BsonDocument>(
            FailCommand("alwaysOn", new BsonDocument { { "failCommands", new BsonArray { "insert" } }, { "errorCode", 91 } })));

        Assert.Equal(59, ex.Code);
    }

    [Fact]
    public async Task Fails_the_named_command_the_given_number_of_times_then_lets_it_run()
    {
        await using var host = await EmulatorHost.StartAsync(enableTestCommands: true);
        var client = host.CreateClient();
        var items = client.GetDatabase("db").GetCollection<BsonDocument>("items");
        await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(
            FailCommand(new BsonDocument("times", 1), new BsonDocument { { "failCommands", new BsonArray { "insert" } }, { "errorCode", 8 } }));

        var ex = await Assert.ThrowsAsync<MongoCommandException>(() => items.InsertOneAsync(new BsonDocument("_id", 1)));
        await items.InsertOneAsync(new BsonDocument("_id", 2));

        Assert.Equal(8, ex.Code); // UnknownError
        Assert.Equal([2], (await items.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync()).Select(d => d["_id"].AsInt32));
    }

    [Fact]
    public async Task A_blocked_update_is_applied_after_the_block_while_other_connections_go_on()
    {
        await using var host = await EmulatorHost.StartAsync(enableTestCommands: true);
        var client = host.CreateClient();
        var items = client.GetDatabase("db").GetCollection<BsonDocument>("items");
        await items.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "v", 0 } });
        await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(FailCommand(new BsonDocument("times", 1), new BsonDocument
        {
            { "failCommands", new BsonArray { "update" } }, { "blockConnection", true }, { "blockTimeMS", 1500 },
        }));

        var clock = Stopwatch.StartNew();
        var slow = items.ReplaceOneAsync(new BsonDocument("_id", 1), new BsonDocument { { "_id", 1 }, { "v", 1 } });
        await Task.Delay(300);
        var meanwhile = (await items.Find(new BsonDocument("_id", 1)).SingleAsync())["v"].AsInt32;
        await slow;

        Assert.Equal(0, meanwhile);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await items.Find(new BsonDocument("_id", 1)).SingleAsync())["v"].AsInt32);
    }
}
