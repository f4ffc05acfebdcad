namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// What <c>serverStatus</c> reports about the server's life: when it started, its connections and its operation
/// counters, counted as mongod counts them (documents inserted, update and delete statements, find commands).
/// </summary>
internal sealed class ServerActivity
{
    /// <summary>The connection limit reported as <c>connections.available</c> plus <c>current</c> (mongod's default).</summary>
    public const int MaxConnections = 838_860;

    private long _currentConnections;
    private long _totalConnections;
    private long _inserts;
    private long _queries;
    private long _updates;
    private long _deletes;
    private long _getMores;
    private long _commands;

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public long CurrentConnections => Interlocked.Read(ref _currentConnections);

    public long TotalConnections => Interlocked.Read(ref _totalConnections);

    public long Inserts => Interlocked.Read(ref _inserts);

    public long Queries => Interlocked.Read(ref _queries);

    public long Updates => Interlocked.Read(ref _updates);

    public long Deletes => Interlocked.Read(ref _deletes);

    public long GetMores => Interlocked.Read(ref _getMores);

    public long Commands => Interlocked.Read(ref _commands);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _currentConnections);
        Interlocked.Increment(ref _totalConnections);
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _currentConnections);

    /// <summary>Counts one command about to run (<paramref name="name"/> is its first field).</summary>
    public void Record(string name, MongoDB.Bson.BsonDocument command)
    {
        switch (name)
        {
            case "insert":
                Interlocked.Add(ref _inserts, StatementCount(command, "documents"));
                break;
            case "update":
                Interlocked.Add(ref _updates, StatementCount(command, "updates"));
                break;
            case "delete":
                Interlocked.Add(ref _deletes, StatementCount(command, "deletes"));
                break;
            case "find":
                Interlocked.Increment(ref _queries);
                break;
            case "getMore":
                Interlocked.Increment(ref _getMores);
                break;
            default:
                Interlocked.Increment(ref _commands);
                break;
        }
    }

    private static long StatementCount(MongoDB.Bson.BsonDocument command, string field) =>
        command.TryGetValue(field, out var value) && value is MongoDB.Bson.BsonArray statements ? statements.Count : 0;
}
