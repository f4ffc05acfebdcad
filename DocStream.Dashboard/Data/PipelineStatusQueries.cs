using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>Cheap reads only: estimated counts and the small <c>processor_status</c> collection.</summary>
public sealed class PipelineStatusQueries(IMongoDatabase database, TimeProvider time) : IPipelineStatusQueries
{
    /// <summary>Written by the stream processor (<see cref="ProcessorStatusDocument"/>).</summary>
    public const string ProcessorStatusCollection = PipelineNames.ProcessorStatusCollection;

    private readonly IMongoCollection<BsonDocument> _lines = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
    private readonly IMongoCollection<BsonDocument> _deadLetters = database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);
    private readonly IMongoCollection<ProcessorStatusDocument> _status = database.GetCollection<ProcessorStatusDocument>(ProcessorStatusCollection);
    private readonly IMongoCollection<IngestAdmissionStatus> _ingest = database.GetCollection<IngestAdmissionStatus>(PipelineNames.IngestStatusCollection);

    public async Task<PipelineOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var documents = await _lines.EstimatedDocumentCountAsync(cancellationToken: cancellationToken);
        var deadLetters = await _deadLetters.EstimatedDocumentCountAsync(cancellationToken: cancellationToken);
        var statusDocs = await _status.Find(FilterDefinition<ProcessorStatusDocument>.Empty).Limit(100).ToListAsync(cancellationToken);
        var processors = statusDocs.Select(FromDocument).OrderBy(p => p.InstanceId, StringComparer.Ordinal).ToList();
        var ingest = await _ingest.Find(FilterDefinition<IngestAdmissionStatus>.Empty).Limit(100).ToListAsync(cancellationToken);
        return new PipelineOverview(documents, deadLetters, processors, time.GetUtcNow().UtcDateTime) { Ingest = ingest };
    }

    /// <summary>Reads an instance's report through its one schema (<see cref="ProcessorStatusDocument"/>).</summary>
    public static ProcessorStatus Parse(BsonDocument d) => FromDocument(BsonSerializer.Deserialize<ProcessorStatusDocument>(d));

    public static ProcessorStatus FromDocument(ProcessorStatusDocument d)
    {
        var lag = new SortedDictionary<string, long>(Comparer<string>.Create((a, b) =>
            int.TryParse(a, out var x) && int.TryParse(b, out var y) ? x.CompareTo(y) : string.CompareOrdinal(a, b)));
        foreach (var (partition, behind) in d.LagByPartition)
        {
            lag[partition] = behind;
        }
        return new ProcessorStatus(d.Instance, d.UpdatedAt, d.DocumentsWritten, d.Batches, d.LastBatchSize, d.LastBatchMs,
            d.DocsPerSecond, d.TotalLag, lag, d.DeadLetters, d.Gaps)
        {
            IngestPerSecond = d.IngestPerSecond,
            Paused = d.Paused,
            LagAgeSeconds = d.LagAgeSeconds,
        };
    }
}
