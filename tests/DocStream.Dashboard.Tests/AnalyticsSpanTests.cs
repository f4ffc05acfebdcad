using System.Diagnostics;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Tests;

public class AnalyticsSpanTests
{
    /// <summary>Answers with a sample snapshot and notes which span was current while it computed (where MongoDB's commands would start).</summary>
    private sealed class SpanNotingQueries : IAnalyticsQueries
    {
        public Activity? CurrentWhileComputing { get; private set; }

        public Task<AnalyticsSnapshot> ComputeAsync(CancellationToken cancellationToken = default)
        {
            CurrentWhileComputing = Activity.Current;
            return Task.FromResult(Snapshots.Sample());
        }
    }

    [Fact]
    public async Task Each_recomputation_is_one_named_root_span_around_its_queries()
    {
        var ended = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DashboardTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = ended.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var queries = new SpanNotingQueries();
        var service = new AnalyticsSnapshotService(queries, Options.Create(new AnalyticsOptions()), TimeProvider.System, NullLogger<AnalyticsSnapshotService>.Instance);

        await service.RefreshAsync(CancellationToken.None);

        var span = Assert.Single(ended, s => s.OperationName == DashboardTelemetry.AnalyticsRecomputeSpan);
        Assert.Null(span.Parent);
        Assert.Equal(default, span.ParentSpanId);
        Assert.Same(span, queries.CurrentWhileComputing);
        Assert.Equal(Snapshots.Sample().TotalLines, span.GetTagItem("docstream.analytics.lines"));
    }
}
