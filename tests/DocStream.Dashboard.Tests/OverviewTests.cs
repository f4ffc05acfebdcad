using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.Dashboard.Tests;

public class OverviewTests : DashboardTestContext
{
    private readonly FakeSnapshotSource _snapshots = new();

    private static readonly DateTime Now = new(2025, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static ProcessorStatus Processor(string id, double rate = 1234.5, long lag = 42, DateTime? updated = null) => new(
        id, updated ?? Now.AddSeconds(-1), 250_000, 500, 500, 12.5, rate, lag,
        new Dictionary<string, long> { ["0"] = 40, ["1"] = 2 }, 1, 0);

    private FakePipelineStatusQueries Use(Func<Task<PipelineOverview>> answer)
    {
        var fake = new FakePipelineStatusQueries(answer);
        Services.AddSingleton<IPipelineStatusQueries>(fake);
        Services.AddSingleton<IAnalyticsSnapshotSource>(_snapshots);
        return fake;
    }

    [Fact]
    public void Shows_a_loading_state_while_the_first_read_is_pending()
    {
        Use(() => new TaskCompletionSource<PipelineOverview>().Task);
        var cut = Render<Home>();
        Assert.NotNull(cut.Find(TestId("loading")));
        Assert.Empty(cut.FindAll(TestId("documents-stored")));
    }

    [Fact]
    public void Shows_the_stored_documents_dead_letters_and_one_row_per_processor_instance()
    {
        Use(() => Task.FromResult(new PipelineOverview(541_909, 3, [Processor("proc-a"), Processor("proc-b", rate: 99, lag: 7)], Now)));
        _snapshots.Current = Snapshots.Sample();

        var cut = Render<Home>();

        Assert.Equal("541,909", cut.Find(TestId("documents-stored")).TextContent);
        Assert.Equal("3", cut.Find(TestId("dead-letters")).TextContent);
        Assert.Equal("25,900", cut.Find(TestId("distinct-invoices")).TextContent);
        Assert.Equal("4,372", cut.Find(TestId("distinct-customers")).TextContent);
        var rows = cut.FindAll(TestId("processor-row"));
        Assert.Equal(2, rows.Count);
        Assert.Equal(["proc-a", "proc-b"], cut.FindAll(TestId("processor-id")).Select(e => e.TextContent));
        Assert.Equal(["1,234.5", "99.0"], cut.FindAll(TestId("processor-rate")).Select(e => e.TextContent));
        Assert.Equal(["42", "7"], cut.FindAll(TestId("processor-lag")).Select(e => e.TextContent));
        Assert.Contains("500 in 12.5 ms", cut.Find(TestId("processor-last-batch")).TextContent);
        Assert.Empty(cut.FindAll(TestId("no-processors")));
    }

    [Fact]
    public void Sums_the_ingest_and_processing_rates_and_the_lag_of_the_instances_still_reporting()
    {
        Use(() => Task.FromResult(new PipelineOverview(1000, 0,
        [
            Processor("a", rate: 1500, lag: 40) with { IngestPerSecond = 2000 },
            Processor("b", rate: 500, lag: 2) with { IngestPerSecond = 250.5 },
            Processor("gone", rate: 9999, lag: 9999, updated: Now.AddMinutes(-5)) with { IngestPerSecond = 9999 },
        ], Now)));

        var cut = Render<Home>();

        Assert.Equal("2,250.5", cut.Find(TestId("ingest-rate")).TextContent);
        Assert.Equal("2,000.0", cut.Find(TestId("processing-rate")).TextContent);
        Assert.Equal("42", cut.Find(TestId("consumer-lag")).TextContent);
    }

    [Fact]
    public void Says_clearly_when_no_processor_has_reported()
    {
        Use(() => Task.FromResult(new PipelineOverview(0, 0, [], Now)));
        var cut = Render<Home>();
        Assert.Contains("No stream processor has reported yet", cut.Find(TestId("no-processors")).TextContent);
        Assert.Empty(cut.FindAll(TestId("processor-table")));
    }

    [Fact]
    public void Marks_a_processor_that_stopped_reporting_as_silent()
    {
        Use(() => Task.FromResult(new PipelineOverview(10, 0, [Processor("old", updated: Now.AddMinutes(-5))], Now)));
        var cut = Render<Home>();
        Assert.NotNull(cut.Find(TestId("processor-stale")));
    }

    [Fact]
    public void Says_MongoDB_is_unreachable_instead_of_throwing()
    {
        Use(() => Task.FromException<PipelineOverview>(new TimeoutException("A timeout occurred after 5000ms selecting a server")));
        var cut = Render<Home>();
        Assert.Contains("did not answer", cut.Find(TestId("error")).TextContent);
        Assert.Empty(cut.FindAll(TestId("loading")));
    }

    [Fact]
    public async Task Refreshes_on_its_timer_and_stops_when_disposed()
    {
        var fake = Use(() => Task.FromResult(new PipelineOverview(1, 0, [], Now)));
        var cut = Render<Home>(p => p.Add(c => c.RefreshInterval, TimeSpan.FromMilliseconds(30)));

        cut.WaitForAssertion(() => Assert.True(fake.Calls >= 3, $"{fake.Calls} reads"), TimeSpan.FromSeconds(5));

        await DisposeComponentsAsync();
        var afterDispose = fake.Calls;
        await Task.Delay(200);
        Assert.True(fake.Calls <= afterDispose + 1, $"still refreshing after disposal: {afterDispose} -> {fake.Calls}");
    }

    [Fact]
    public void Shows_new_figures_after_a_refresh()
    {
        var count = 0L;
        Use(() => Task.FromResult(new PipelineOverview(Interlocked.Add(ref count, 100), 0, [], Now)));
        var cut = Render<Home>(p => p.Add(c => c.RefreshInterval, TimeSpan.FromMilliseconds(30)));

        cut.WaitForAssertion(() => Assert.NotEqual("100", cut.Find(TestId("documents-stored")).TextContent), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_slow_first_read_that_a_timer_refresh_overtook_does_not_replace_the_newer_figures()
    {
        var slowFirst = new TaskCompletionSource<PipelineOverview>();
        var calls = 0;
        // The first read hangs, the first timer refresh answers at once, and later refreshes never answer (nothing else changes the page).
        Use(() => Interlocked.Increment(ref calls) switch
        {
            1 => slowFirst.Task,
            2 => Task.FromResult(new PipelineOverview(200, 0, [], Now)),
            _ => new TaskCompletionSource<PipelineOverview>().Task,
        });
        var cut = Render<Home>(p => p.Add(c => c.RefreshInterval, TimeSpan.FromMilliseconds(30)));
        cut.WaitForAssertion(() => Assert.Equal("200", cut.Find(TestId("documents-stored")).TextContent), TimeSpan.FromSeconds(5));

        await cut.InvokeAsync(() => slowFirst.SetResult(new PipelineOverview(100, 0, [], Now.AddSeconds(-3))));

        Assert.Equal("200", cut.Find(TestId("documents-stored")).TextContent);
    }
}
