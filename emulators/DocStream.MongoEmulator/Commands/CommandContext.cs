using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>One command being executed: its document, target database, and the connection and server it runs on.</summary>
internal sealed class CommandContext(ServerState server, ConnectionState connection, string name, BsonDocument command, string database)
{
    public ServerState Server { get; } = server;

    public ConnectionState Connection { get; } = connection;

    public string Name { get; } = name;

    public BsonDocument Command { get; } = command;

    public string Database { get; } = database;

    /// <summary>The collection named by the command's first field (e.g. { find: "orders" }).</summary>
    public string CollectionName
    {
        get
        {
            var value = Command[0];
            if (value is not BsonString s || s.Value.Length == 0)
            {
                throw new MongoCommandException(MongoErrorCodes.InvalidNamespace,
                    $"collection name has invalid type {value.BsonType}");
            }
            return s.Value;
        }
    }

    public string Namespace => $"{Database}.{CollectionName}";

    public BsonDocument? OptionalDocument(string field) => Command.TryGetValue(field, out var v) && v is BsonDocument d ? d : null;

    public int? OptionalInt(string field) => Command.TryGetValue(field, out var v) && !v.IsBsonNull ? v.ToInt32() : null;

    public bool Flag(string field, bool defaultValue = false) =>
        Command.TryGetValue(field, out var v) && !v.IsBsonNull ? v.ToBoolean() : defaultValue;
}
