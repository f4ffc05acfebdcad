using DocStream.Contracts;
using MongoDB.Bson;
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

    public static DeadLetter Parse(BsonDocument d) => new(
        BsonRead.String(d.Get("_id")) ?? "?",
        BsonRead.String(d.Get("kind")) ?? DeadLetter.PoisonKind,
        BsonRead.String(d.Get("reason")) ?? "",
        BsonRead.String(d.Get("topic")) ?? "",
        (int)BsonRead.Long(d.Get("partition")),
        BsonRead.Long(d.Get("offset")),
        d.Get("lastOffset") is { IsBsonNull: false } last ? BsonRead.Long(last) : null,
        BsonRead.String(d.Get("key")),
        BsonRead.String(d.Get("value")),
        BsonRead.Date(d.Get("receivedAt")))
    {
        ValueBase64 = BsonRead.String(d.Get("valueBase64")),
        Redrive = d.Get(DeadLetterRedriveFields.Field) is BsonDocument r ? ParseRedrive(r) : null,
    };

    private static RedriveMark ParseRedrive(BsonDocument r) => new(
        (int)BsonRead.Long(r.Get("count")),
        (int)BsonRead.Long(r.Get("lineage")),
        r.Get("lastAt") is BsonDateTime at ? at.ToUniversalTime() : null,
        BsonRead.String(r.Get("lastBy")),
        BsonRead.String(r.Get("lastResult")),
        BsonRead.String(r.Get("documentId")),
        r.Get("lastPartition") is { IsNumeric: true } p ? (int)BsonRead.Long(p) : null,
        r.Get("lastOffset") is { IsNumeric: true } o ? BsonRead.Long(o) : null);
}
