using System.Globalization;
using System.Text;
using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>
/// The lines' version from two small reads instead of a scan: the collection's document count (any insert or delete
/// changes it) and every processor instance's count of documents written (any upsert, including one that replaces a
/// line, raises it once acknowledged; a restarted processor is a new instance). The processor is the only writer of
/// the lines. It publishes its counts every second, after the write: a write is either in the count a snapshot was
/// computed with, or changes the token later, so a skipped recomputation never hides a change.
/// </summary>
public sealed class AnalyticsDataVersion(IMongoDatabase database) : IAnalyticsDataVersion
{
    private static readonly ProjectionDefinition<ProcessorStatusDocument> Written =
        Builders<ProcessorStatusDocument>.Projection.Include(d => d.DocumentsWritten);

    private readonly IMongoCollection<BsonDocument> _lines = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);

    private readonly IMongoCollection<ProcessorStatusDocument> _status =
        database.GetCollection<ProcessorStatusDocument>(PipelineNames.ProcessorStatusCollection);

    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var count = await _lines.EstimatedDocumentCountAsync(cancellationToken: cancellationToken);
        var instances = await _status.Find(FilterDefinition<ProcessorStatusDocument>.Empty).Project<BsonDocument>(Written)
            .ToListAsync(cancellationToken);
        var token = new StringBuilder(count.ToString(CultureInfo.InvariantCulture));
        foreach (var instance in instances.OrderBy(d => d["_id"].ToString(), StringComparer.Ordinal))
        {
            token.Append(CultureInfo.InvariantCulture, $";{instance["_id"]}={instance.GetValue("documentsWritten", 0)}");
        }
        return token.ToString();
    }
}
