using System.Runtime.CompilerServices;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Export;

/// <summary>Dead letters for export, newest first as the page lists them, read with a cursor in batches.</summary>
public sealed class DeadLetterExportQueries(IMongoDatabase database) : IDeadLetterExportSource
{
    private readonly IMongoCollection<BsonDocument> _deadLetters = database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);

    public async IAsyncEnumerable<DeadLetter> StreamAsync(DeadLetterFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var options = new FindOptions<BsonDocument>
        {
            BatchSize = LineExportQueries.BatchSize,
            Sort = Builders<BsonDocument>.Sort.Descending("receivedAt"),
        };
        using var cursor = await _deadLetters.FindAsync(filter.ToMongo(), options, cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return DeadLetterQueries.Parse(document);
            }
        }
    }
}
