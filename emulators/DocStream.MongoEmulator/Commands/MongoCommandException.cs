using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>A command failure that is answered to the client as <c>{ ok: 0, errmsg, code, codeName }</c>.</summary>
internal sealed class MongoCommandException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string CodeName => MongoErrorCodes.NameOf(Code);

    /// <summary>Extra fields a real server adds to some errors (e.g. keyPattern/keyValue on E11000).</summary>
    public BsonDocument? Details { get; init; }

    public static MongoCommandException NotSupported(string what) =>
        new(MongoErrorCodes.CommandNotSupported, $"{what} is not supported by the DocStream MongoDB emulator");

    public static MongoCommandException BadValue(string message) => new(MongoErrorCodes.BadValue, message);

    public BsonDocument ToReply()
    {
        var reply = new BsonDocument
        {
            { "ok", 0.0 },
            { "errmsg", Message },
            { "code", Code },
            { "codeName", CodeName },
        };
        if (Details is not null)
        {
            reply.AddRange(Details);
        }
        return reply;
    }
}
