using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// Routes a command document to its handler, enforcing authentication first.
/// Unknown commands answer CommandNotFound (59); nothing silently succeeds.
/// </summary>
internal sealed class CommandDispatcher
{
    /// <summary>Commands a client may run before authenticating (what a driver needs to connect and authenticate).</summary>
    private static readonly HashSet<string> AllowedBeforeAuth =
        ["hello", "isMaster", "ismaster", "ping", "saslStart", "saslContinue", "buildInfo", "buildinfo", "endSessions", "logout"];

    private readonly Dictionary<string, Func<CommandContext, BsonDocument>> _handlers = new(StringComparer.Ordinal);
    private readonly ServerState _server;

    /// <summary>The <c>failCommand</c> fail point; <c>configureFailPoint</c> exists only with test commands enabled.</summary>
    public FailCommandPoint FailCommand { get; } = new();

    public CommandDispatcher(ServerState server, bool enableTestCommands = false)
    {
        _server = server;
        if (enableTestCommands)
        {
            _handlers["configureFailPoint"] = ctx => FailCommand.Configure(ctx.Command);
        }
        HandshakeCommands.Register(_handlers);
        AuthCommands.Register(_handlers);
        FindCommands.Register(_handlers);
        CountCommands.Register(_handlers);
        IndexCommands.Register(_handlers);
        CatalogCommands.Register(_handlers);
        StatisticsCommands.Register(_handlers);
        _handlers["insert"] = InsertCommand.Execute;
        _handlers["update"] = UpdateCommand.Execute;
        _handlers["delete"] = DeleteCommand.Execute;
        _handlers["aggregate"] = AggregateCommand.Execute;
    }

    /// <summary>What the server has done so far (serverStatus); connections report their opening and closing here.</summary>
    public ServerActivity Activity => _server.Activity;

    public BsonDocument Dispatch(ConnectionState connection, BsonDocument command)
    {
        if (command.ElementCount == 0)
        {
            return new MongoCommandException(MongoErrorCodes.FailedToParse, "Empty command").ToReply();
        }
        var name = command.GetElement(0).Name;
        try
        {
            if (!_handlers.TryGetValue(name, out var handler))
            {
                throw new MongoCommandException(MongoErrorCodes.CommandNotFound, $"no such command: '{name}'");
            }
            if (_server.AuthenticationRequired && !connection.IsAuthenticated && !AllowedBeforeAuth.Contains(name))
            {
                throw new MongoCommandException(MongoErrorCodes.Unauthorized, $"Command {name} requires authentication");
            }
            if (command.Contains("startTransaction") || command.Contains("autocommit"))
            {
                throw new MongoCommandException(MongoErrorCodes.IllegalOperation,
                    "Transaction numbers are only allowed on a replica set member or mongos");
            }
            var database = command.TryGetValue("$db", out var db) && db is BsonString s ? s.Value
                : throw new MongoCommandException(40571, "OP_MSG requests require a $db argument");
            _server.Activity.Record(name, command);
            var reply = handler(new CommandContext(_server, connection, name, command, database));
            if (!reply.Contains("ok"))
            {
                reply["ok"] = 1.0;
            }
            return reply;
        }
        catch (MongoCommandException ex)
        {
            return ex.ToReply();
        }
        catch (DuplicateKeyException ex)
        {
            return ex.ToCommandException().ToReply();
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or KeyNotFoundException or ArgumentException or OverflowException)
        {
            // Malformed arguments (e.g. a string where a number belongs), as MongoDB's parser would reject them.
            return new MongoCommandException(MongoErrorCodes.TypeMismatch, $"{name}: {ex.Message}").ToReply();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _server.Log($"error in command {name}: {ex}");
            return new MongoCommandException(MongoErrorCodes.InternalError, $"{name} failed: {ex.Message}").ToReply();
        }
    }
}
