using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Control;

/// <summary>
/// Reads the operators' switch (<see cref="ProcessingControl"/>) every <see cref="Interval"/>. While MongoDB cannot
/// be read the last known state holds: an outage neither pauses nor resumes the pipeline.
/// </summary>
internal sealed class ProcessingControlWatcher(IMongoDatabase database, ProcessingSwitch processing, ILogger<ProcessingControlWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var controls = database.GetCollection<ProcessingControl>(PipelineNames.ControlCollection);
        var filter = Builders<ProcessingControl>.Filter.Eq(c => c.Id, ProcessingControl.DocumentId);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                // Polled every second: not worth a trace each time.
                using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                cts.CancelAfter(TimeSpan.FromSeconds(2));
                var control = await controls.Find(filter).FirstOrDefaultAsync(cts.Token);
                var paused = control?.Paused ?? false;
                if (paused != processing.Paused)
                {
                    logger.LogInformation(paused ? "Processing paused by {By} at {At:O}." : "Processing resumed by {By} at {At:O}.",
                        control?.ChangedBy ?? "?", control?.ChangedAt ?? DateTime.UtcNow);
                }
                processing.Set(paused, control?.ChangedBy ?? "", control?.ChangedAt ?? DateTime.MinValue, control?.Rewind);
            }
            catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Control switch not read: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
