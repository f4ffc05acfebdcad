using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>A unique index rejected a write; rendered exactly like MongoDB's E11000 error.</summary>
internal sealed class DuplicateKeyException(string collectionFullName, IndexDefinition index, BsonValue[] keys)
    : Exception(BuildMessage(collectionFullName, index, keys))
{
    public BsonDocument KeyPattern => index.Key;

    public BsonDocument KeyValue
    {
        get
        {
            var doc = new BsonDocument();
            for (var i = 0; i < index.Fields.Length; i++)
            {
                doc[index.Fields[i].Path] = keys[i];
            }
            return doc;
        }
    }

    private static string BuildMessage(string collectionFullName, IndexDefinition index, BsonValue[] keys)
    {
        var parts = index.Fields.Select((f, i) => $"{f.Path}: {Render(keys[i])}");
        return $"E11000 duplicate key error collection: {collectionFullName} index: {index.Name} dup key: {{ {string.Join(", ", parts)} }}";
    }

    private static string Render(BsonValue value) => value.BsonType == BsonType.String
        ? "\"" + value.AsString + "\""
        : value.ToString() ?? "null";

    public MongoCommandException ToCommandException() =>
        new(MongoErrorCodes.DuplicateKey, Message)
        {
            Details = new BsonDocument { { "keyPattern", KeyPattern }, { "keyValue", KeyValue } },
        };
}
