using System.Text;
using DocStream.MongoEmulator.Protocol;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Tests;

public sealed class Utf8InternerTests
{
    [Fact]
    public void Returns_the_value_stored_for_the_same_bytes_only()
    {
        var interner = new Utf8Interner<string>(16, 40);
        var value = "Country";
        interner.Add("Country"u8, value);

        Assert.True(interner.TryGet(Encoding.UTF8.GetBytes("Country"), out var found));
        Assert.Same(value, found);
        Assert.False(interner.TryGet("Countr"u8, out _));
        Assert.False(interner.TryGet("CountrY"u8, out _));
    }

    [Fact]
    public void Keeps_nothing_longer_than_its_limit()
    {
        var interner = new Utf8Interner<string>(16, 4);
        interner.Add("abcde"u8, "abcde");

        Assert.False(interner.TryGet("abcde"u8, out _));
    }

    [Fact]
    public void A_colliding_value_replaces_the_old_one_without_mixing_them_up()
    {
        var interner = new Utf8Interner<string>(1, 40); // one slot: everything collides
        interner.Add("first"u8, "first");
        interner.Add("second"u8, "second");

        Assert.False(interner.TryGet("first"u8, out _));
        Assert.True(interner.TryGet("second"u8, out var found));
        Assert.Equal("second", found);
    }

    [Fact]
    public void Invalid_utf8_is_still_refused_after_valid_strings_were_interned()
    {
        // A cached valid string must not make the fast decoder accept bytes it never validated.
        var valid = new BsonDocument("name", "abc").ToBson();
        Assert.Equal("abc", BsonCodec.Deserialize(valid, 0, valid.Length)["name"].AsString);
        var invalid = (byte[])valid.Clone();
        invalid[Array.IndexOf(invalid, (byte)'b')] = 0xFF;
        Assert.ThrowsAny<Exception>(() => BsonCodec.Deserialize(invalid, 0, invalid.Length));
    }
}
