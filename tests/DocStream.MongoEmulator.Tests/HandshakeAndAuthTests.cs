using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

public sealed class HandshakeAndAuthTests
{
    [Fact]
    public async Task Authenticates_with_scram_sha_256_and_answers_ping_and_build_info()
    {
        await using var host = await EmulatorHost.StartAsync();
        var admin = host.CreateClient().GetDatabase("admin");

        var ping = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));
        var buildInfo = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1));
        var status = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("connectionStatus", 1));

        Assert.Equal(1.0, ping["ok"].ToDouble());
        Assert.Equal("7.0.0-docstream-emulator", buildInfo["version"].AsString);
        Assert.Equal(EmulatorHost.User, status["authInfo"]["authenticatedUsers"][0]["user"].AsString);
    }

    [Fact]
    public async Task Authenticates_with_scram_sha_1_as_well()
    {
        await using var host = await EmulatorHost.StartAsync();
        var connectionString = host.Server.ConnectionString.Replace("SCRAM-SHA-256", "SCRAM-SHA-1", StringComparison.Ordinal);
        var db = host.CreateClient(connectionString).GetDatabase("shop");

        await db.GetCollection<BsonDocument>("items").InsertOneAsync(new BsonDocument("_id", 1));

        Assert.Equal(1, await db.GetCollection<BsonDocument>("items").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Rejects_a_wrong_password_with_authentication_failed()
    {
        await using var host = await EmulatorHost.StartAsync();
        var wrong = host.Server.ConnectionString.Replace(EmulatorHost.Password, "not-the-password", StringComparison.Ordinal);
        var db = host.CreateClient(wrong).GetDatabase("admin");

        var ex = await Assert.ThrowsAsync<MongoAuthenticationException>(() => db.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1)));

        var inner = ex.InnerException as MongoCommandException;
        Assert.NotNull(inner);
        Assert.Equal(18, inner.Code);
    }

    [Fact]
    public async Task Refuses_data_commands_before_authentication_with_unauthorized()
    {
        await using var host = await EmulatorHost.StartAsync();
        var anonymous = host.CreateClient($"mongodb://127.0.0.1:{host.Server.Port}/").GetDatabase("shop");

        var ping = await anonymous.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));
        var ex = await Assert.ThrowsAsync<MongoCommandException>(() =>
            anonymous.GetCollection<BsonDocument>("items").Find(FilterDefinition<BsonDocument>.Empty).ToListAsync());

        Assert.Equal(1.0, ping["ok"].ToDouble());
        Assert.Equal(13, ex.Code);
    }

    [Fact]
    public async Task Runs_without_credentials_when_none_are_configured()
    {
        await using var host = await EmulatorHost.StartAsync(withAuth: false);
        var db = host.Database();

        await db.GetCollection<BsonDocument>("items").InsertOneAsync(new BsonDocument("name", "a"));

        Assert.DoesNotContain("@", host.Server.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(1, await db.GetCollection<BsonDocument>("items").EstimatedDocumentCountAsync());
    }

    [Fact]
    public async Task Reports_the_standalone_hello_fields_a_driver_expects()
    {
        await using var host = await EmulatorHost.StartAsync();
        var admin = host.CreateClient().GetDatabase("admin");

        var hello = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1));

        Assert.True(hello["isWritablePrimary"].AsBoolean);
        Assert.Equal(21, hello["maxWireVersion"].AsInt32);
        Assert.Equal(0, hello["minWireVersion"].AsInt32);
        Assert.Equal(16777216, hello["maxBsonObjectSize"].AsInt32);
        Assert.Equal(48000000, hello["maxMessageSizeBytes"].AsInt32);
        Assert.Equal(100000, hello["maxWriteBatchSize"].AsInt32);
        Assert.Equal(30, hello["logicalSessionTimeoutMinutes"].AsInt32);
        Assert.False(hello.Contains("speculativeAuthenticate"));
    }
}
