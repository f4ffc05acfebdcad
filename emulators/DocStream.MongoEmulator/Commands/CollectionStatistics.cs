using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// One collection's sizes as <c>collStats</c> and <c>dbStats</c> report them: documents and their exact BSON bytes,
/// the bytes of its files on disk, and per index the bytes of its keys and _ids (the emulator keeps indexes in memory).
/// Read under the collection's read lock.
/// </summary>
internal sealed record CollectionStatistics(long Count, long Size, long StorageSize, IReadOnlyList<(string Name, long Size)> IndexSizes)
{
    public long TotalIndexSize => IndexSizes.Sum(i => i.Size);

    public static CollectionStatistics Empty { get; } = new(0, 0, 0, []);

    public static CollectionStatistics Of(Collection collection)
    {
        var size = collection.Records.Sum(r => BsonDocumentSize.Of(r.Document));
        var indexSizes = collection.Indexes
            .Select(index => (index.Definition.Name, index.Entries.Sum(EntrySize)))
            .ToList();
        return new CollectionStatistics(collection.Count, size, collection.StorageSize, indexSizes);
    }

    private static long EntrySize(IndexEntry entry) =>
        entry.Keys.Sum(BsonDocumentSize.ValueLength) + BsonDocumentSize.ValueLength(entry.Id);
}
