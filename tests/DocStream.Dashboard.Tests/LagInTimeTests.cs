using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.Dashboard.Tests;

/// <summary>The overview's lag in time: how far behind, when it will have drained, and the last hour as a chart.</summary>
public sealed class LagInTimeTests : DashboardTestContext
{
    private static readonly DateTime Now = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, 0, 0, false, "caught up")]
    [InlineData(12_000, 5_000, 1_000, false, "3 s")]
    [InlineData(600_000, 2_000, 1_000, false, "10 min 0 s")]
    [InlineData(36_000_000, 2_000, 1_000, false, "10 h 0 min")]
    [InlineData(5_000, 1_000, 1_000, false, "not draining")]
    [InlineData(5_000, 0, 300, true, "paused")]
    public void The_drain_forecast_divides_the_backlog_by_the_net_rate(long lag, double written, double arriving, bool paused, string expected) =>
        Assert.Equal(expected, DrainForecast.Describe(lag, written, arriving, paused));

    [Fact]
    public void The_overview_shows_the_oldest_unwritten_age_the_forecast_and_the_lag_chart()
    {
        var processor = new ProcessorStatus("proc-a", Now.AddSeconds(-1), 100, 1, 100, 5, 5_000, 12_000,
            new Dictionary<string, long> { ["0"] = 12_000 }, 0, 0) { IngestPerSecond = 1_000, LagAgeSeconds = 125 };
        Services.AddSingleton<IPipelineStatusQueries>(new FakePipelineStatusQueries(() => Task.FromResult(new PipelineOverview(100, 0, [processor], Now))));
        Services.AddSingleton<IAnalyticsSnapshotSource>(new FakeSnapshotSource());
        Lag.Samples.AddRange([new LagPoint(Now.AddMinutes(-2), 30_000, 200), new LagPoint(Now.AddMinutes(-1), 20_000, 160), new LagPoint(Now, 12_000, 125)]);

        var cut = Render<Home>();

        Assert.Equal("2 min 5 s", cut.WaitForElement(TestId("lag-age")).TextContent);
        Assert.Equal("3 s", cut.Find(TestId("drain-forecast")).TextContent);
        var chart = cut.Find(TestId("chart-lag"));
        Assert.Contains("3 points from 09:58 to 10:00; highest 30,000 (behind by 3 min 20 s) on 09:58.", chart.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overview_says_when_a_live_ingest_API_sheds_load_and_forgets_a_silent_one()
    {
        var shedding = new DocStream.Contracts.IngestAdmissionStatus { Instance = "api-1", UpdatedAt = Now.AddSeconds(-1), Shedding = true, WorstPartition = 7, WorstLag = 10_500, Budget = 10_000 };
        var silent = new DocStream.Contracts.IngestAdmissionStatus { Instance = "api-2", UpdatedAt = Now.AddMinutes(-5), Shedding = true, WorstPartition = 1, WorstLag = 99_999, Budget = 10_000 };
        var calm = new DocStream.Contracts.IngestAdmissionStatus { Instance = "api-3", UpdatedAt = Now.AddSeconds(-1), Shedding = false, Budget = 10_000 };
        Services.AddSingleton<IPipelineStatusQueries>(new FakePipelineStatusQueries(() =>
            Task.FromResult(new PipelineOverview(100, 0, [], Now) { Ingest = [shedding, silent, calm] })));
        Services.AddSingleton<IAnalyticsSnapshotSource>(new FakeSnapshotSource());

        var cut = Render<Home>();

        var banner = cut.WaitForElement(TestId("shedding-banner"));
        Assert.Single(cut.FindAll(TestId("shedding-banner")));
        Assert.Contains("partition 7 holds 10,500 documents not yet stored (budget 10,000)", System.Text.RegularExpressions.Regex.Replace(banner.TextContent, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public void The_overview_says_when_the_API_sheds_because_the_oldest_document_has_waited_too_long()
    {
        var shedding = new DocStream.Contracts.IngestAdmissionStatus
        {
            Instance = "api-1", UpdatedAt = Now.AddSeconds(-1), Shedding = true, WorstPartition = 2, WorstLag = 40, Budget = 1_000_000,
            Cause = "age", OldestAgeSeconds = 1_850, AgeBudgetSeconds = 1_800,
        };
        Services.AddSingleton<IPipelineStatusQueries>(new FakePipelineStatusQueries(() =>
            Task.FromResult(new PipelineOverview(100, 0, [], Now) { Ingest = [shedding] })));
        Services.AddSingleton<IAnalyticsSnapshotSource>(new FakeSnapshotSource());

        var cut = Render<Home>();

        var banner = System.Text.RegularExpressions.Regex.Replace(cut.WaitForElement(TestId("shedding-banner")).TextContent, @"\s+", " ");
        Assert.Contains("the oldest document not yet stored has waited 30 min 50 s (budget 30 min 0 s)", banner, StringComparison.Ordinal);
        Assert.DoesNotContain("partition 2", banner, StringComparison.Ordinal);
    }
}
