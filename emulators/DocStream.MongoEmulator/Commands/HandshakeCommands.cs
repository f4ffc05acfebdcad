using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>hello / isMaster, ping, buildInfo, connectionStatus and session no-ops: the commands a driver needs to connect.</summary>
internal static class HandshakeCommands
{
    public const string Version = "7.0.0-docstream-emulator";

    public static void Register(Dictionary<string, Func<CommandContext, BsonDocument>> handlers)
    {
        handlers["hello"] = Hello;
        handlers["isMaster"] = Hello;
        handlers["ismaster"] = Hello;
        handlers["ping"] = _ => new BsonDocument("ok", 1.0);
        handlers["buildInfo"] = BuildInfo;
        handlers["buildinfo"] = BuildInfo;
        handlers["connectionStatus"] = ConnectionStatus;
        handlers["endSessions"] = _ => new BsonDocument("ok", 1.0);
        handlers["killSessions"] = _ => new BsonDocument("ok", 1.0);
        handlers["killAllSessions"] = _ => new BsonDocument("ok", 1.0);
        handlers["logout"] = ctx =>
        {
            ctx.Connection.AuthenticatedUser = null;
            ctx.Connection.AuthenticatedDatabase = null;
            return new BsonDocument("ok", 1.0);
        };
    }

    private static BsonDocument Hello(CommandContext ctx)
    {
        // No topologyVersion: the driver then polls instead of using streaming (exhaust) heartbeats.
        // speculativeAuthenticate is deliberately not answered, so the driver runs a normal saslStart.
        if (ctx.Command.TryGetValue("client", out var client) && client is BsonDocument { } metadata
            && metadata.TryGetValue("application", out var application) && application is BsonDocument app
            && app.TryGetValue("name", out var appName) && appName is BsonString name)
        {
            ctx.Connection.AppName = name.Value;
        }
        var reply = new BsonDocument();
        if (ctx.Name == "hello")
        {
            reply["isWritablePrimary"] = true;
        }
        else
        {
            reply["ismaster"] = true;
        }
        if (ctx.Command.Contains("helloOk"))
        {
            reply["helloOk"] = true;
        }
        reply.AddRange(new BsonDocument
        {
            { "maxBsonObjectSize", 16 * 1024 * 1024 },
            { "maxMessageSizeBytes", 48_000_000 },
            { "maxWriteBatchSize", 100_000 },
            { "localTime", new BsonDateTime(DateTime.UtcNow) },
            { "logicalSessionTimeoutMinutes", 30 },
            { "connectionId", ctx.Connection.ConnectionId },
            { "minWireVersion", 0 },
            { "maxWireVersion", 21 },
            { "readOnly", false },
        });
        if (ctx.Command.TryGetValue("saslSupportedMechs", out var userName) && userName is BsonString qualified)
        {
            var user = qualified.Value[(qualified.Value.IndexOf('.') + 1)..];
            var mechanisms = ctx.Server.Credentials.Where(c => c.Username == user).Select(c => (BsonValue)c.Mechanism).ToList();
            if (mechanisms.Count > 0)
            {
                reply["saslSupportedMechs"] = new BsonArray(mechanisms);
            }
        }
        reply["ok"] = 1.0;
        return reply;
    }

    private static BsonDocument BuildInfo(CommandContext ctx) => new()
    {
        { "version", Version },
        { "gitVersion", "docstream-emulator" },
        { "versionArray", new BsonArray { 7, 0, 0, 0 } },
        { "bits", 64 },
        { "debug", false },
        { "maxBsonObjectSize", 16 * 1024 * 1024 },
        { "storageEngines", new BsonArray { "docstream-journal" } },
        { "modules", new BsonArray() },
        { "ok", 1.0 },
    };

    private static BsonDocument ConnectionStatus(CommandContext ctx)
    {
        var users = new BsonArray();
        var roles = new BsonArray();
        if (ctx.Connection.IsAuthenticated)
        {
            users.Add(new BsonDocument { { "user", ctx.Connection.AuthenticatedUser }, { "db", ctx.Connection.AuthenticatedDatabase } });
            roles.Add(new BsonDocument { { "role", "root" }, { "db", "admin" } });
        }
        return new BsonDocument
        {
            { "authInfo", new BsonDocument { { "authenticatedUsers", users }, { "authenticatedUserRoles", roles } } },
            { "ok", 1.0 },
        };
    }
}
