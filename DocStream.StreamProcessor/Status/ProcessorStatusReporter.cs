using System.Globalization;
using DocStream.Contracts;
using Microsoft.Extensions.Options;
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
        var collection = database.GetCollection<ProcessorStatusDocument>(CollectionName);
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
            var status = new ProcessorStatusDocument
            {
                Instance = instance,
                UpdatedAt = now,
                DocumentsWritten = count,
                Batches = state.Batches,
                LastBatchSize = last.Size,
                LastBatchMs = last.Milliseconds,
                DocsPerSecond = Math.Round(rate, 1),
                IngestPerSecond = Math.Round(ingestRate, 1),
                TotalLag = lag.Values.Sum(),
                LagAgeSeconds = Math.Round(sample.OldestUnwritten.TotalSeconds, 1),
                LagByPartition = lag.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
                DeadLetters = state.DeadLetters,
                Gaps = state.Gaps,
                StoreError = state.Failure?.Error,
                Paused = state.OperatorPaused,
                Rewind = state.Rewind is { } rewind ? new ProcessorRewindReport { Id = rewind.Id, Messages = rewind.Messages, At = rewind.At } : null,
            };
            try
            {
                // A write every second would bury the pipeline's traces: keep it out of them.
                using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                cts.CancelAfter(TimeSpan.FromSeconds(2));
                await collection.ReplaceOneAsync(Builders<ProcessorStatusDocument>.Filter.Eq(d => d.Instance, instance), status,
                    new ReplaceOptions { IsUpsert = true }, cts.Token);
            }
            catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Status not published: {Error}", e.Message);
            }
        }
    }
}
