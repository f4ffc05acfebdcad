using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// A stored document. The document itself is never mutated once stored (updates build a new one),
/// so readers may keep references to it after releasing the collection lock.
/// </summary>
internal sealed class DocumentRecord(BsonValue id, BsonDocument document)
{
    public BsonValue Id { get; } = id;

    public BsonDocument Document { get; set; } = document;
}
