using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// MongoDB's <c>failCommand</c> fail point (a test command, like mongod's with <c>enableTestCommands</c>): the next
/// <c>times</c> runs of the named commands (or every run, <c>alwaysOn</c>) are held for <c>blockTimeMS</c> before
/// they execute (<c>blockConnection</c>) and/or answer <c>errorCode</c> instead of running. Tests use it to make a
/// write slow or failing at a chosen moment, as they would against a real server.
/// </summary>
internal sealed class FailCommandPoint
{
    private readonly Lock _gate = new();
    private HashSet<string> _commands = [];
    private int? _remaining; // null: always on
    private bool _on;
    private TimeSpan _block;
    private int? _errorCode;
    private string? _appName;
    private string? _namespace;

    /// <summary>What to do to this run of a command: how long to hold it, and the error to answer instead (if any).</summary>
    public readonly record struct Action(TimeSpan Block, int? ErrorCode);

    /// <summary>Applies <c>{configureFailPoint: "failCommand", mode, data}</c>.</summary>
    public BsonDocument Configure(BsonDocument command)
    {
        if (command[0].AsString != "failCommand")
        {
            throw new MongoCommandException(MongoErrorCodes.BadValue, $"Cannot find fail point named '{command[0]}' (the emulator has failCommand only)");
        }
        var mode = command.GetValue("mode", BsonNull.Value);
        var data = command.GetValue("data", new BsonDocument()).AsBsonDocument;
        lock (_gate)
        {
            if (mode is BsonString { Value: "off" })
            {
                _on = false;
                return new BsonDocument("count", 0);
            }
            _remaining = mode switch
            {
                BsonString { Value: "alwaysOn" } => null,
                BsonDocument d when d.Contains("times") => d["times"].ToInt32(),
                _ => throw new MongoCommandException(MongoErrorCodes.BadValue, "mode must be 'off', 'alwaysOn' or {times: n}"),
            };
            _commands = data.GetValue("failCommands", new BsonArray()).AsBsonArray.Select(c => c.AsString).ToHashSet(StringComparer.Ordinal);
            _block = data.GetValue("blockConnection", false).ToBoolean()
                ? TimeSpan.FromMilliseconds(data.GetValue("blockTimeMS", 0).ToInt32()) : TimeSpan.Zero;
            _errorCode = data.TryGetValue("errorCode", out var code) ? code.ToInt32() : null;
            _appName = data.TryGetValue("appName", out var app) ? app.AsString : null;
            _namespace = data.TryGetValue("namespace", out var ns) ? ns.AsString : null;
            _on = _commands.Count > 0;
        }
        return new BsonDocument("count", 0);
    }

    /// <summary>
    /// The action for one run of <paramref name="commandName"/> on <paramref name="ns"/> (<c>db.collection</c>) from a
    /// client named <paramref name="appName"/>; null when the fail point does not apply.
    /// </summary>
    public Action? Take(string commandName, string? appName, string? ns)
    {
        lock (_gate)
        {
            if (!_on || !_commands.Contains(commandName) || (_appName is not null && _appName != appName)
                || (_namespace is not null && _namespace != ns))
            {
                return null;
            }
            if (_remaining is { } remaining)
            {
                _remaining = remaining - 1;
                _on = _remaining > 0;
            }
            return new Action(_block, _errorCode);
        }
    }
}
