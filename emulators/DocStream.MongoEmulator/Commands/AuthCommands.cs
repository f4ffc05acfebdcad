using DocStream.MongoEmulator.Auth;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>saslStart / saslContinue for SCRAM-SHA-256 and SCRAM-SHA-1.</summary>
internal static class AuthCommands
{
    private const int ConversationId = 1;

    public static void Register(Dictionary<string, Func<CommandContext, BsonDocument>> handlers)
    {
        handlers["saslStart"] = SaslStart;
        handlers["saslContinue"] = SaslContinue;
    }

    private static MongoCommandException Failed() => new(MongoErrorCodes.AuthenticationFailed, "Authentication failed.");

    private static BsonDocument SaslStart(CommandContext ctx)
    {
        var mechanism = ctx.Command.GetValue("mechanism", "").AsString;
        if (mechanism is not ("SCRAM-SHA-256" or "SCRAM-SHA-1"))
        {
            throw new MongoCommandException(MongoErrorCodes.BadValue,
                $"Received authentication for mechanism {mechanism} which is unknown or not enabled");
        }
        if (!ctx.Server.AuthenticationRequired)
        {
            throw Failed();
        }
        var conversation = new ScramConversation(mechanism, user => ctx.Server.FindCredential(mechanism, user));
        var serverFirst = conversation.Start(Payload(ctx.Command)) ?? throw Failed();
        ctx.Connection.Conversation = conversation;
        ctx.Connection.SkipEmptyExchange = ctx.OptionalDocument("options")?.GetValue("skipEmptyExchange", false).ToBoolean() ?? false;
        return Reply(done: false, serverFirst);
    }

    private static BsonDocument SaslContinue(CommandContext ctx)
    {
        var conversation = ctx.Connection.Conversation;
        if (conversation is null || ctx.Command.GetValue("conversationId", 0).ToInt32() != ConversationId)
        {
            throw new MongoCommandException(MongoErrorCodes.AuthenticationFailed, "No SASL session state found");
        }
        if (conversation.Completed)
        {
            // The client's empty final message after verifying our signature.
            ctx.Connection.Conversation = null;
            return Reply(done: true, []);
        }
        var serverFinal = conversation.Finish(Payload(ctx.Command));
        if (serverFinal is null)
        {
            ctx.Connection.Conversation = null;
            ctx.Server.Log($"authentication failed for user '{conversation.Username ?? "?"}' on connection {ctx.Connection.ConnectionId}");
            throw Failed();
        }
        ctx.Connection.AuthenticatedUser = conversation.Username;
        ctx.Connection.AuthenticatedDatabase = ctx.Database;
        if (ctx.Connection.SkipEmptyExchange)
        {
            ctx.Connection.Conversation = null;
            return Reply(done: true, serverFinal);
        }
        return Reply(done: false, serverFinal);
    }

    private static byte[] Payload(BsonDocument command) => command.GetValue("payload", BsonNull.Value) switch
    {
        BsonBinaryData b => b.Bytes,
        BsonString s => Convert.FromBase64String(s.Value),
        _ => [],
    };

    private static BsonDocument Reply(bool done, byte[] payload) => new()
    {
        { "conversationId", ConversationId },
        { "done", done },
        { "payload", new BsonBinaryData(payload) },
        { "ok", 1.0 },
    };
}
