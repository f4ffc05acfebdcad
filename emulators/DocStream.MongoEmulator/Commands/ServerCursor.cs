using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>
/// An open server-side cursor over already-selected documents. Stored documents are immutable,
/// so holding references is a consistent snapshot without holding any lock.
/// </summary>
internal sealed class ServerCursor(long id, string ns, List<BsonDocument> documents, Projection? projection)
{
    private const long MaxBatchBytes = 16 * 1024 * 1024;
    private int _position;

    public long Id { get; } = id;

    public string Namespace { get; } = ns;

    public DateTime LastUsedUtc { get; private set; } = DateTime.UtcNow;

    public bool Exhausted => _position >= documents.Count;

    public Lock Gate { get; } = new();

    /// <summary>Takes the next batch: up to <paramref name="batchSize"/> documents (all if null), capped at 16 MiB.</summary>
    public BsonArray NextBatch(int? batchSize)
    {
        LastUsedUtc = DateTime.UtcNow;
        var batch = new BsonArray();
        long bytes = 0;
        var max = batchSize is { } b && b > 0 ? b : int.MaxValue;
        while (_position < documents.Count && batch.Count < max)
        {
            var doc = projection is null ? documents[_position] : projection.Apply(documents[_position]);
            var size = BsonSizeEstimator.Estimate(doc);
            if (batch.Count > 0 && bytes + size > MaxBatchBytes)
            {
                break;
            }
            batch.Add(doc);
            bytes += size;
            _position++;
        }
        return batch;
    }
}
