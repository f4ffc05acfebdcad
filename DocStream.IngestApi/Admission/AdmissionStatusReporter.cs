using DocStream.Contracts;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace DocStream.IngestApi.Admission;

/// <summary>
/// Publishes this instance's admission state to <c>ingest_status</c> every second, for the dashboard's overview.
/// Only when the API has the store (the AppHost gives it); a failed write is skipped, never retried.
/// </summary>
internal sealed class AdmissionStatusReporter(AdmissionGate gate, IOptions<AdmissionOptions> options, TimeProvider time,
    ILogger<AdmissionStatusReporter> logger, IMongoDatabase? database = null) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database is null || !options.Value.Enabled)
        {
            return;
        }
        var statuses = database.GetCollection<IngestAdmissionStatus>(PipelineNames.IngestStatusCollection);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var state = gate.State;
            var status = new IngestAdmissionStatus
            {
                Instance = _instance, UpdatedAt = time.GetUtcNow().UtcDateTime, Shedding = state.Shedding,
                WorstPartition = state.WorstPartition, WorstLag = state.WorstLag, Budget = options.Value.MaxLagPerPartition,
                OldestAgeSeconds = Math.Round(state.OldestAge.TotalSeconds, 1), AgeBudgetSeconds = options.Value.MaxLagAge.TotalSeconds,
                Cause = state.Cause,
            };
            try
            {
                using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                cts.CancelAfter(TimeSpan.FromSeconds(2));
                await statuses.ReplaceOneAsync(s => s.Instance == _instance, status, new ReplaceOptions { IsUpsert = true }, cts.Token);
            }
            catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Admission status not published: {Error}", e.Message);
            }
        }
    }
}
