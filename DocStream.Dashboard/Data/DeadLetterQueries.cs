using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>Dead letters newest first, filtered and paged.</summary>
public sealed class DeadLetterQueries(IMongoDatabase database) : IDeadLetterQueries
{
    private readonly IMongoCollection<BsonDocument> _deadLetters = database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);

    public async Task<DeadLetterPage> GetDeadLettersAsync(DeadLetterFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        var query = filter.ToMongo();
        var docs = await _deadLetters.Find(query)
            .Sort(Builders<BsonDocument>.Sort.Descending("receivedAt"))
            .Skip(Math.Max(0, skip))
            .Limit(Math.Clamp(take, 1, 500))
            .ToListAsync(cancellationToken);
        // The estimate is free and exact without a filter; a filtered count has to read.
        var total = filter == DeadLetterFilter.None
            ? await _deadLetters.EstimatedDocumentCountAsync(cancellationToken: cancellationToken)
            : await _deadLetters.CountDocumentsAsync(query, cancellationToken: cancellationToken);
        return new DeadLetterPage(docs.Select(Parse).ToList(), total);
    }

    /// <summary>Reads a stored dead letter through its one schema (<see cref="DeadLetterDocument"/>), for the console.</summary>
    public static DeadLetter Parse(BsonDocument d) => FromDocument(BsonSerializer.Deserialize<DeadLetterDocument>(d));

    public static DeadLetter FromDocument(DeadLetterDocument d) => new(
        d.Id, d.Kind ?? DeadLetter.PoisonKind, d.Reason ?? "", d.Topic ?? "", d.Partition, d.Offset, d.LastOffset, d.Key, d.Value, d.ReceivedAt)
    {
        ValueBase64 = d.ValueBase64,
        Redrive = d.Redrive is { } r
            ? new RedriveMark(r.Count, r.Lineage, r.LastAt, r.LastBy, r.LastResult, r.DocumentId, r.LastPartition, r.LastOffset)
            : null,
    };
}
