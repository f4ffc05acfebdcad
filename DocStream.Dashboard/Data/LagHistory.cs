using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Data;

/// <summary>One reading of the whole pipeline's backlog.</summary>
public sealed record LagPoint(DateTime At, long Lag, double AgeSeconds);

/// <summary>The backlog over the last hour, oldest first.</summary>
public interface ILagHistory
{
    IReadOnlyList<LagPoint> Points { get; }
}

/// <summary><c>Dashboard:LagHistory</c>: how often the backlog is sampled, and for how long it is kept.</summary>
public sealed class LagHistoryOptions
{
    public const string Section = "Dashboard:LagHistory";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Samples the processors' reported lag every <see cref="LagHistoryOptions.Interval"/> and keeps the last
/// <see cref="LagHistoryOptions.Window"/> in memory (360 points by default): the overview's lag chart. Starts empty
/// when the dashboard starts; the processors' status documents hold only the present.
/// </summary>
public sealed class LagHistory(IPipelineStatusQueries status, IOptions<LagHistoryOptions> options, TimeProvider time, ILogger<LagHistory> logger)
    : BackgroundService, ILagHistory
{
    private static readonly TimeSpan Silent = TimeSpan.FromSeconds(10);
    private readonly Queue<LagPoint> _points = new();
    private volatile LagPoint[] _snapshot = [];

    public IReadOnlyList<LagPoint> Points => _snapshot;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.Interval, time);
        do
        {
            try
            {
                using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
                var overview = await status.GetOverviewAsync(stoppingToken);
                var live = overview.Processors.Where(p => overview.ReadAt - p.UpdatedAt <= Silent).ToList();
                Add(new LagPoint(overview.ReadAt, live.Sum(p => p.TotalLag), live.Count == 0 ? 0 : live.Max(p => p.LagAgeSeconds)), settings.Window);
            }
            catch (Exception e) when (e is MongoDB.Driver.MongoException or TimeoutException)
            {
                logger.LogDebug("Lag not sampled: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Add(LagPoint point, TimeSpan window)
    {
        _points.Enqueue(point);
        while (_points.Count > 0 && point.At - _points.Peek().At > window)
        {
            _points.Dequeue();
        }
        _snapshot = [.. _points];
    }
}
