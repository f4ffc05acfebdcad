using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Data;

public sealed class AnalyticsOptions
{
    public const string Section = "Dashboard:Analytics";

    /// <summary>Time between two recomputations of the snapshot.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Recomputes the analytics snapshot from the raw lines at start and then every <see cref="AnalyticsOptions.Interval"/>,
/// and keeps the last good one in memory for every circuit. A failed run keeps the previous snapshot and records the error.
/// With a <paramref name="version"/> source, a tick on which no line changed since the last snapshot's computation only
/// moves its "as of" time forward: the figures are still exact, and the full aggregation (seconds of MongoDB's CPU over
/// the whole collection) is not repeated for an idle pipeline.
/// </summary>
public sealed partial class AnalyticsSnapshotService(
    IAnalyticsQueries queries, IOptions<AnalyticsOptions> options, TimeProvider time, ILogger<AnalyticsSnapshotService> logger,
    IAnalyticsDataVersion? version = null)
    : BackgroundService, IAnalyticsSnapshotSource
{
    private volatile AnalyticsSnapshot? _current;
    private volatile string? _lastError;

    /// <summary>The lines' version read just before the current snapshot was computed (null: unknown, recompute).</summary>
    private string? _computedVersion;

    public AnalyticsSnapshot? Current => _current;
    public string? LastError => _lastError;
    public event Action? Changed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One recomputation; public so tests can drive it without the timer.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        System.Diagnostics.Activity? span = null;
        try
        {
            // Read before the aggregation: a change made while it runs then shows as a new version next time.
            // The version check is status polling, not pipeline work: it is left out of the trace list.
            string? before;
            using (OpenTelemetry.SuppressInstrumentationScope.Begin())
            {
                before = version is null ? null : await version.ReadAsync(cancellationToken);
            }
            if (before is not null && before == _computedVersion && _current is { } unchanged)
            {
                _current = unchanged with { ComputedAt = time.GetUtcNow().UtcDateTime };
                _lastError = null;
                LogUnchanged(unchanged.TotalLines);
                Changed?.Invoke();
                return;
            }
            // One named trace per recomputation, its aggregations inside, instead of anonymous MongoDB roots.
            span = Telemetry.DashboardTelemetry.StartAnalyticsRecompute();
            var snapshot = await queries.ComputeAsync(cancellationToken);
            _current = snapshot;
            _computedVersion = before;
            _lastError = null;
            span?.SetTag("docstream.analytics.lines", snapshot.TotalLines);
            LogComputed(snapshot.TotalLines, (long)snapshot.Duration.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            _lastError = e.Message;
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            LogFailed(e);
        }
        finally
        {
            span?.Dispose();
        }
        Changed?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics snapshot computed over {Lines} lines in {Ms} ms")]
    private partial void LogComputed(long lines, long ms);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Analytics snapshot still current: no line changed ({Lines} lines)")]
    private partial void LogUnchanged(long lines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics snapshot failed; keeping the previous one")]
    private partial void LogFailed(Exception e);
}
