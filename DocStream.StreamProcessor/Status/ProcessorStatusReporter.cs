using DocStream.Contracts;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Status;

/// <summary>
/// Publishes this instance's figures to <c>processor_status</c> every second, for the dashboard's live
/// overview (documents written, rate, lag per partition, dead letters, gaps).
/// </summary>
internal sealed class ProcessorStatusReporter(ProcessorState state, IMongoDatabase database, IOptions<ProcessorOptions> options,
    ILogger<ProcessorStatusReporter> logger) : BackgroundService
{
    public const string CollectionName = PipelineNames.ProcessorStatusCollection;
    public static string DefaultInstanceId => $"{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var collection = database.GetCollection<BsonDocument>(CollectionName);
        var instance = options.Value.InstanceId ?? DefaultInstanceId;
        var previousCount = state.DocumentsWritten;
        var previousProduced = state.Lag.ProducedOffsets;
        var previousTime = DateTime.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = DateTime.UtcNow;
            var count = state.DocumentsWritten;
            var rate = (count - previousCount) / Math.Max(0.001, (now - previousTime).TotalSeconds);
            var sample = state.Lag;
            var produced = sample.ProducedOffsets;
            // Messages arriving in this instance's partitions per second; a rebalance can make the delta negative: 0 then.
            var ingestRate = previousProduced == 0 ? 0 : Math.Max(0, produced - previousProduced) / Math.Max(0.001, (now - previousTime).TotalSeconds);
            (previousCount, previousProduced, previousTime) = (count, produced, now);
            var lag = sample.ByPartition;
            var last = state.Last;
            var status = new BsonDocument
            {
                { "_id", instance },
                { "updatedAt", now },
                { "documentsWritten", count },
                { "batches", state.Batches },
                { "lastBatchSize", last.Size },
                { "lastBatchMs", last.Milliseconds },
                { "docsPerSecond", Math.Round(rate, 1) },
                { "ingestPerSecond", Math.Round(ingestRate, 1) },
                { "totalLag", lag.Values.Sum() },
                { "lagAgeSeconds", Math.Round(sample.OldestUnwritten.TotalSeconds, 1) },
                { "lagByPartition", new BsonDocument(lag.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => (object)p.Value)) },
                { "deadLetters", state.DeadLetters },
                { "gaps", state.Gaps },
                { "storeError", state.Failure is { } failure ? failure.Error : BsonNull.Value },
                { "paused", state.OperatorPaused },
                { "rewind", state.Rewind is { } rewind ? new BsonDocument { { "id", rewind.Id }, { "messages", rewind.Messages }, { "at", rewind.At } } : BsonNull.Value },
            };
            try
            {
                // A write every second would bury the pipeline's traces: keep it out of them.
                using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                cts.CancelAfter(TimeSpan.FromSeconds(2));
                await collection.ReplaceOneAsync(Builders<BsonDocument>.Filter.Eq("_id", instance), status,
                    new ReplaceOptions { IsUpsert = true }, cts.Token);
            }
            catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Status not published: {Error}", e.Message);
            }
        }
    }
}
