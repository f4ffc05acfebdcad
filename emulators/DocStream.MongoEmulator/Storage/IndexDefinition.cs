using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>An index's name, key pattern and options, parsed from (and rendered back to) an index spec.</summary>
internal sealed class IndexDefinition
{
    public const string IdIndexName = "_id_";

    private static readonly HashSet<string> SupportedOptions = ["key", "name", "unique", "sparse", "v", "background", "ns"];

    private IndexDefinition(string name, BsonDocument key, bool unique, bool sparse)
    {
        Name = name;
        Key = key;
        Unique = unique;
        Sparse = sparse;
        Fields = key.Select(e => (e.Name, FieldPath.Split(e.Name), e.Value.ToDouble() < 0 ? -1 : 1)).ToArray();
    }

    public string Name { get; }

    public BsonDocument Key { get; }

    public bool Unique { get; }

    public bool Sparse { get; }

    public (string Path, string[] Parts, int Direction)[] Fields { get; }

    public bool IsId => Name == IdIndexName;

    public static IndexDefinition IdIndex() => new(IdIndexName, new BsonDocument("_id", 1), unique: true, sparse: false);

    public static IndexDefinition FromSpec(BsonDocument spec)
    {
        if (!spec.TryGetValue("key", out var keyValue) || keyValue is not BsonDocument key || key.ElementCount == 0)
        {
            throw new MongoCommandException(MongoErrorCodes.FailedToParse, "The 'key' field is a required property of an index specification");
        }
        foreach (var option in spec)
        {
            if (!SupportedOptions.Contains(option.Name))
            {
                throw MongoCommandException.NotSupported($"index option '{option.Name}'");
            }
        }
        foreach (var field in key)
        {
            if (!BsonValueComparer.IsNumber(field.Value) || field.Value.ToDouble() == 0)
            {
                throw MongoCommandException.NotSupported($"index type {field.Value} on '{field.Name}' (only 1 / -1 keys)");
            }
        }
        var name = spec.TryGetValue("name", out var n) ? n.AsString : DefaultName(key);
        if (name == IdIndexName || (key.ElementCount == 1 && key.GetElement(0).Name == "_id"))
        {
            return IdIndex();
        }
        var unique = spec.TryGetValue("unique", out var u) && u.ToBoolean();
        var sparse = spec.TryGetValue("sparse", out var s) && s.ToBoolean();
        return new IndexDefinition(name, key, unique, sparse);
    }

    public static string DefaultName(BsonDocument key) =>
        string.Join("_", key.Select(e => $"{e.Name}_{e.Value}"));

    public bool SameAs(IndexDefinition other) =>
        Name == other.Name && Key.Equals(other.Key) && Unique == other.Unique && Sparse == other.Sparse;

    public BsonDocument ToSpec()
    {
        var spec = new BsonDocument { { "v", 2 }, { "key", Key }, { "name", Name } };
        if (Unique && !IsId)
        {
            spec["unique"] = true;
        }
        if (Sparse)
        {
            spec["sparse"] = true;
        }
        return spec;
    }
}
