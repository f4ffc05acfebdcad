using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>Renders a failed write statement as an entry of writeErrors: { index, code, errmsg[, keyPattern, keyValue] }.</summary>
internal static class WriteError
{
    public static BsonDocument From(int index, Exception exception)
    {
        var error = new BsonDocument("index", index);
        switch (exception)
        {
            case DuplicateKeyException dup:
                error.Add("code", MongoErrorCodes.DuplicateKey);
                error.Add("keyPattern", dup.KeyPattern);
                error.Add("keyValue", dup.KeyValue);
                error.Add("errmsg", dup.Message);
                break;
            case MongoCommandException mce:
                error.Add("code", mce.Code);
                error.Add("errmsg", mce.Message);
                break;
            default:
                error.Add("code", MongoErrorCodes.BadValue);
                error.Add("errmsg", exception.Message);
                break;
        }
        return error;
    }

    /// <summary>Exceptions that fail one statement (reported in writeErrors) rather than the whole command.</summary>
    public static bool IsStatementError(Exception exception) =>
        exception is DuplicateKeyException or MongoCommandException or InvalidCastException or FormatException or KeyNotFoundException;
}
