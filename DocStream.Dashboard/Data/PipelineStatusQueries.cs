using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>Cheap reads only: estimated counts and the small <c>processor_status</c> collection.</summary>
public sealed class PipelineStatusQueries(IMongoDatabase database, TimeProvider time) : IPipelineStatusQueries
{
    /// <summary>Written by the stream processor; not (yet) in <see cref="PipelineNames"/>.</summary>
    public const string ProcessorStatusCollection = "processor_status";

    private readonly IMongoCollection<BsonDocument> _lines = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
    private readonly IMongoCollection<BsonDocument> _deadLetters = database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);
    private readonly IMongoCollection<BsonDocument> _status = database.GetCollection<BsonDocument>(ProcessorStatusCollection);
    private readonly IMongoCollection<IngestAdmissionStatus> _ingest = database.GetCollection<IngestAdmissionStatus>(PipelineNames.IngestStatusCollection);

    public async Task<PipelineOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var documents = await _lines.EstimatedDocumentCountAsync(cancellationToken: cancellationToken);
        var deadLetters = await _deadLetters.EstimatedDocumentCountAsync(cancellationToken: cancellationToken);
        var statusDocs = await _status.Find(FilterDefinition<BsonDocument>.Empty).Limit(100).ToListAsync(cancellationToken);
        var processors = statusDocs.Select(Parse).OrderBy(p => p.InstanceId, StringComparer.Ordinal).ToList();
        var ingest = await _ingest.Find(FilterDefinition<IngestAdmissionStatus>.Empty).Limit(100).ToListAsync(cancellationToken);
        return new PipelineOverview(documents, deadLetters, processors, time.GetUtcNow().UtcDateTime) { Ingest = ingest };
    }

    public static ProcessorStatus Parse(BsonDocument d)
    {
        var lag = new SortedDictionary<string, long>(Comparer<string>.Create((a, b) =>
            int.TryParse(a, out var x) && int.TryParse(b, out var y) ? x.CompareTo(y) : string.CompareOrdinal(a, b)));
        if (d.Get("lagByPartition") is BsonDocument byPartition)
        {
            foreach (var e in byPartition)
            {
                lag[e.Name] = BsonRead.Long(e.Value);
            }
        }
        return new ProcessorStatus(
            BsonRead.String(d.Get("_id")) ?? "?",
            BsonRead.Date(d.Get("updatedAt")),
            BsonRead.Long(d.Get("documentsWritten")),
            BsonRead.Long(d.Get("batches")),
            (int)BsonRead.Long(d.Get("lastBatchSize")),
            BsonRead.Double(d.Get("lastBatchMs")),
            BsonRead.Double(d.Get("docsPerSecond")),
            BsonRead.Long(d.Get("totalLag")),
            lag,
            BsonRead.Long(d.Get("deadLetters")),
            BsonRead.Long(d.Get("gaps")))
        {
            IngestPerSecond = BsonRead.Double(d.Get("ingestPerSecond")),
            Paused = d.GetValue("paused", false) is BsonBoolean { Value: true },
            LagAgeSeconds = BsonRead.Double(d.Get("lagAgeSeconds")),
        };
    }
}
