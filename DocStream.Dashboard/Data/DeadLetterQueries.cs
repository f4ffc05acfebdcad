using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>Dead letters newest first, paged.</summary>
public sealed class DeadLetterQueries(IMongoDatabase database) : IDeadLetterQueries
{
    private readonly IMongoCollection<BsonDocument> _deadLetters = database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);

    public async Task<DeadLetterPage> GetDeadLettersAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        var docs = await _deadLetters.Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(Builders<BsonDocument>.Sort.Descending("receivedAt"))
            .Skip(Math.Max(0, skip))
            .Limit(Math.Clamp(take, 1, 500))
            .ToListAsync(cancellationToken);
        var total = await _deadLetters.EstimatedDocumentCountAsync(cancellationToken: cancellationToken);
        return new DeadLetterPage(docs.Select(Parse).ToList(), total);
    }

    public static DeadLetter Parse(BsonDocument d) => new(
        BsonRead.String(d.Get("_id")) ?? "?",
        BsonRead.String(d.Get("kind")) ?? "poison",
        BsonRead.String(d.Get("reason")) ?? "",
        BsonRead.String(d.Get("topic")) ?? "",
        (int)BsonRead.Long(d.Get("partition")),
        BsonRead.Long(d.Get("offset")),
        d.Get("lastOffset") is { IsBsonNull: false } last ? BsonRead.Long(last) : null,
        BsonRead.String(d.Get("key")),
        BsonRead.String(d.Get("value")),
        BsonRead.Date(d.Get("receivedAt")));
}
