using MongoDB.Bson;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>A decoded client request: the command document (document sequences folded in as arrays).</summary>
internal sealed record IncomingMessage(int RequestId, OpCode OpCode, BsonDocument Command, bool MoreToCome);
