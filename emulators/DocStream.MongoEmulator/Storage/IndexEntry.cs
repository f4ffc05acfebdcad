using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>One key of an index: the key values, then the document's _id as a tie-breaker.</summary>
internal readonly record struct IndexEntry(BsonValue[] Keys, BsonValue Id, DocumentRecord? Record);
