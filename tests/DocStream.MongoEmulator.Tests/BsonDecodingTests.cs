using DocStream.MongoEmulator.Protocol;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Tests;

public sealed class BsonDecodingTests
{
    private static BsonDocument RoundTrip(BsonDocument original)
    {
        var bytes = original.ToBson();
        return BsonCodec.Deserialize(bytes, 0, bytes.Length);
    }

    [Fact]
    public void Decodes_every_common_bson_type_exactly_like_the_official_library()
    {
        var original = new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "double", 1.5 },
            { "string", "héllo wörld" },
            { "long string", new string('x', 300) },
            { "doc", new BsonDocument { { "a", 1 }, { "b", new BsonArray { 1, "two", 3.0, BsonNull.Value } } } },
            { "binary", new BsonBinaryData([1, 2, 3]) },
            { "uuid", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard) },
            { "undefined", BsonUndefined.Value },
            { "bool", true },
            { "date", new BsonDateTime(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc)) },
            { "null", BsonNull.Value },
            { "regex", new BsonRegularExpression("^a.*b$", "i") },
            { "int", 42 },
            { "bigint", 1_000_000 },
            { "negative", -5 },
            { "timestamp", new BsonTimestamp(1234567, 8) },
            { "long", 9_000_000_000L },
            { "decimal", new BsonDecimal128(Decimal128.Parse("2.550")) },
            { "min", BsonMinKey.Value },
            { "max", BsonMaxKey.Value },
        };

        var decoded = RoundTrip(original);

        Assert.Equal(original, decoded);
        Assert.Equal(original.Names, decoded.Names);
        Assert.Equal("2.550", decoded["decimal"].AsDecimal128.ToString());
    }

    [Fact]
    public void Encodes_documents_byte_for_byte_like_the_official_library()
    {
        var original = new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "double", -0.25 },
            { "string", "héllo wörld ✓" },
            { "doc", new BsonDocument { { "a", 1 }, { "b", new BsonArray { 1, "two", 3.0, BsonNull.Value, new BsonDocument("c", true) } } } },
            { "binary", new BsonBinaryData([1, 2, 3]) },
            { "uuid", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard) },
            { "undefined", BsonUndefined.Value },
            { "bool", false },
            { "date", new BsonDateTime(new DateTime(2011, 12, 9, 12, 50, 0, DateTimeKind.Utc)) },
            { "null", BsonNull.Value },
            { "regex", new BsonRegularExpression("^a.*b$", "im") },
            { "int", int.MinValue },
            { "timestamp", new BsonTimestamp(1234567, 8) },
            { "long", long.MaxValue },
            { "decimal", new BsonDecimal128(Decimal128.Parse("-12345.678900")) },
            { "min", BsonMinKey.Value },
            { "max", BsonMaxKey.Value },
        };
        using var stream = new MemoryStream();
        stream.WriteByte(0xAB); // the writer appends at the current position

        var written = BsonFastWriter.TryWrite(stream, original);

        Assert.True(written);
        Assert.Equal(original.ToBson(), stream.ToArray().Skip(1).ToArray());
    }

    [Fact]
    public void Leaves_rare_types_to_the_official_encoder()
    {
        using var stream = new MemoryStream();

        var written = BsonFastWriter.TryWrite(stream, new BsonDocument("code", new BsonJavaScript("x")));

        Assert.False(written);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Falls_back_to_the_official_decoder_for_rare_types()
    {
        var original = new BsonDocument { { "_id", 1 }, { "code", new BsonJavaScriptWithScope("x", new BsonDocument("y", 1)) } };

        var decoded = RoundTrip(original);

        Assert.Equal(original, decoded);
    }

    [Fact]
    public void Shares_repeated_values_between_documents_but_not_ids()
    {
        var first = RoundTrip(new BsonDocument { { "_id", "line-1" }, { "Country", "United Kingdom" } });
        var second = RoundTrip(new BsonDocument { { "_id", "line-1" }, { "Country", "United Kingdom" } });

        Assert.Same(first["Country"], second["Country"]);
        Assert.NotSame(first["_id"], second["_id"]);
        Assert.Equal(first, second);
    }
}
