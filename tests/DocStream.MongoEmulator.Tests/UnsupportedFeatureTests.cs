using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

public sealed class UnsupportedFeatureTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private IMongoDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _db = _host.Database();
        await _db.GetCollection<BsonDocument>("items").InsertOneAsync(new BsonDocument("_id", 1));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Answers_an_unknown_command_with_command_not_found()
    {
        var ex = await Assert.ThrowsAsync<MongoCommandException>(() => _db.RunCommandAsync<BsonDocument>(new BsonDocument("fooBar", 1)));

        Assert.Equal(59, ex.Code);
        Assert.Equal("CommandNotFound", ex.CodeName);
        Assert.Contains("no such command: 'fooBar'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_a_real_but_unimplemented_stage_with_command_not_supported_naming_it()
    {
        var items = _db.GetCollection<BsonDocument>("items");

        var ex = await Assert.ThrowsAsync<MongoCommandException>(() => items.AggregateAsync<BsonDocument>(
            new[] { new BsonDocument("$lookup", new BsonDocument { { "from", "x" }, { "localField", "a" }, { "foreignField", "b" }, { "as", "c" } }) }));

        Assert.Equal(115, ex.Code);
        Assert.Contains("$lookup", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_an_unknown_stage_with_mongodbs_unrecognized_stage_error()
    {
        var items = _db.GetCollection<BsonDocument>("items");

        var ex = await Assert.ThrowsAsync<MongoCommandException>(() => items.AggregateAsync<BsonDocument>(
            new[] { new BsonDocument("$frobnicate", new BsonDocument()) }));

        Assert.Equal(40324, ex.Code);
    }

    [Fact]
    public async Task Answers_unsupported_and_unknown_query_operators_with_clear_errors()
    {
        var items = _db.GetCollection<BsonDocument>("items");

        var unsupported = await Assert.ThrowsAsync<MongoCommandException>(() =>
            items.Find(new BsonDocument("$where", "this.a > 1")).ToListAsync());
        var unknown = await Assert.ThrowsAsync<MongoCommandException>(() =>
            items.Find(new BsonDocument("a", new BsonDocument("$fancy", 1))).ToListAsync());
        var expression = await Assert.ThrowsAsync<MongoCommandException>(() => items.AggregateAsync<BsonDocument>(
            new[] { new BsonDocument("$project", new BsonDocument("x", new BsonDocument("$map", new BsonDocument()))) }));

        Assert.Equal(115, unsupported.Code);
        Assert.Contains("$where", unsupported.Message, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("unknown operator: $fancy", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(115, expression.Code);
        Assert.Contains("$map", expression.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_an_unknown_update_operator_with_a_write_error()
    {
        var items = _db.GetCollection<BsonDocument>("items");

        var ex = await Assert.ThrowsAsync<MongoWriteException>(() =>
            items.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$explode", new BsonDocument("a", 1))));

        Assert.Equal(9, ex.WriteError.Code);
        Assert.Contains("$explode", ex.WriteError.Message, StringComparison.Ordinal);
    }
}
