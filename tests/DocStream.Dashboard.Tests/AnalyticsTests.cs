using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;

namespace DocStream.Dashboard.Tests;

public class AnalyticsTests : DashboardTestContext
{
    private readonly FakeSnapshotSource _snapshots = new();

    public AnalyticsTests() => Services.AddSingleton<IAnalyticsSnapshotSource>(_snapshots);

    [Fact]
    public void Shows_a_loading_state_until_the_first_snapshot_exists()
    {
        var cut = Render<Analytics>();
        Assert.Contains("Computing the first snapshot", cut.Find(TestId("loading")).TextContent);
    }

    [Fact]
    public void Says_how_often_the_snapshot_is_recomputed_as_configured()
    {
        Services.Configure<AnalyticsOptions>(o => o.Interval = TimeSpan.FromSeconds(5));
        _snapshots.Current = Snapshots.Sample();
        var cut = Render<Analytics>();
        Assert.Equal("5", cut.Find(TestId("refresh-interval")).TextContent);
    }

    [Fact]
    public void Shows_the_error_when_no_snapshot_could_be_computed()
    {
        _snapshots.LastError = "MongoDB did not answer in time";
        var cut = Render<Analytics>();
        Assert.Contains("did not answer", cut.Find(TestId("error")).TextContent);
    }

    [Fact]
    public void Shows_the_snapshot_figures_charts_and_its_time()
    {
        _snapshots.Current = Snapshots.Sample();
        var cut = Render<Analytics>();

        Assert.Contains("as of 26 Nov 2025 09:30 UTC", cut.Find(TestId("as-of")).TextContent);
        Assert.Equal("£9,747,747.93", cut.Find(TestId("net-revenue")).TextContent);
        Assert.Equal("541,909", cut.Find(TestId("total-lines")).TextContent);
        Assert.Equal("25,900", cut.Find(TestId("total-invoices")).TextContent);
        Assert.Equal(3, cut.Find(TestId("chart-countries")).QuerySelectorAll(TestId("bar")).Length);
        Assert.Equal(2, cut.Find(TestId("chart-products-revenue")).QuerySelectorAll(TestId("bar")).Length);
        Assert.Equal(2, cut.Find(TestId("chart-monthly")).QuerySelectorAll(TestId("bar")).Length);
        Assert.NotNull(cut.Find(TestId("chart-daily")).QuerySelector(TestId("line")));
        var shares = cut.Find(TestId("chart-cancellations")).QuerySelectorAll(TestId("bar-value")).Select(e => e.TextContent).ToList();
        Assert.Equal("14.8% (3,836)", shares[0]);
        Assert.Equal("8.4%", shares[2]);
    }

    [Fact]
    public void Keeps_showing_the_last_snapshot_when_a_recomputation_failed()
    {
        _snapshots.Current = Snapshots.Sample();
        _snapshots.LastError = "The connection to MongoDB failed";
        var cut = Render<Analytics>();
        Assert.Contains("previous snapshot", cut.Find(TestId("error")).TextContent);
        Assert.NotNull(cut.Find(TestId("net-revenue")));
    }

    [Fact]
    public void Says_when_no_line_is_stored_yet()
    {
        _snapshots.Current = Snapshots.Sample(lines: 0);
        var cut = Render<Analytics>();
        Assert.Contains("No lines stored yet", cut.Find(TestId("empty")).TextContent);
    }

    [Fact]
    public async Task Rerenders_when_a_new_snapshot_arrives_and_unsubscribes_when_disposed()
    {
        var cut = Render<Analytics>();
        Assert.NotNull(cut.Find(TestId("loading")));

        _snapshots.Current = Snapshots.Sample();
        _snapshots.RaiseChanged();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find(TestId("net-revenue"))));

        await DisposeComponentsAsync();
        Assert.False(_snapshots.HasSubscribers);
    }

    [Fact]
    public void Reads_the_facet_result_into_exact_decimal_figures()
    {
        var result = BsonDocument.Parse("""
            {
              totals: [{ _id: null, lines: 4, quantity: 9, net: NumberDecimal("100.10"), gross: NumberDecimal("110.20"), cancelledValue: NumberDecimal("-10.10"), cancelledLines: 1 }],
              invoices: [{ _id: null, invoices: 3, cancelled: 1 }],
              customers: [{ n: 2 }],
              countries: [{ _id: "United Kingdom", revenue: NumberDecimal("90.05"), quantity: 7, lines: 3 }, { _id: "EIRE", revenue: NumberDecimal("10.05"), quantity: 2, lines: 1 }],
              byRevenue: [{ _id: "85123A", label: "WHITE HANGING HEART T-LIGHT HOLDER", revenue: NumberDecimal("15.30"), quantity: 6, lines: 1 }],
              byQuantity: [{ _id: "POST", label: "", revenue: NumberDecimal("18"), quantity: 1, lines: 1 }],
              byDay: [{ _id: "2010-12-01", revenue: NumberDecimal("100.10"), quantity: 9, lines: 4 }],
              byMonth: [{ _id: "2010-12", revenue: NumberDecimal("100.10"), quantity: 9, lines: 4 }]
            }
            """);
        var s = AnalyticsQueries.Read(result, DateTime.UnixEpoch, TimeSpan.FromSeconds(1));

        Assert.Equal(100.10m, s.NetRevenue);
        Assert.Equal(110.20m, s.GrossSales);
        Assert.Equal(-10.10m, s.CancelledValue);
        Assert.Equal(4, s.TotalLines);
        Assert.Equal(3, s.DistinctInvoices);
        Assert.Equal(1, s.CancelledInvoices);
        Assert.Equal(2, s.DistinctCustomers);
        Assert.Equal(["United Kingdom", "EIRE"], s.RevenueByCountry.Select(c => c.Key));
        Assert.Equal("WHITE HANGING HEART T-LIGHT HOLDER (85123A)", s.TopProductsByRevenue[0].Label);
        Assert.Equal("POST", s.TopProductsByQuantity[0].Label);
        Assert.Equal(1.0 / 3, s.CancelledInvoiceShare, 6);
    }

    [Fact]
    public void An_empty_collection_gives_a_snapshot_of_zeros()
    {
        var s = AnalyticsQueries.Read(BsonDocument.Parse("{ totals: [], invoices: [], customers: [], countries: [] }"), DateTime.UnixEpoch, TimeSpan.Zero);
        Assert.Equal(0, s.TotalLines);
        Assert.Equal(0m, s.NetRevenue);
        Assert.Empty(s.RevenueByDay);
        Assert.Equal(0, s.CancelledInvoiceShare);
    }

    [Fact]
    public void The_pipeline_uses_only_stages_the_emulator_supports()
    {
        var allowed = new HashSet<string> { "$match", "$group", "$sort", "$limit", "$skip", "$project", "$addFields", "$count", "$facet" };
        var stages = AnalyticsQueries.Pipeline().SelectMany(Stages).ToList();
        Assert.Contains("$facet", stages);
        Assert.All(stages, s => Assert.Contains(s, allowed));

        static IEnumerable<string> Stages(BsonDocument stage)
        {
            var name = stage.GetElement(0).Name;
            yield return name;
            if (name == "$facet")
            {
                foreach (var branch in stage[0].AsBsonDocument)
                {
                    foreach (var inner in branch.Value.AsBsonArray.Select(v => v.AsBsonDocument).SelectMany(Stages))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    private sealed class ScriptedQueries(params Func<AnalyticsSnapshot>[] answers) : IAnalyticsQueries
    {
        private int _next;

        public Task<AnalyticsSnapshot> ComputeAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(answers[Math.Min(_next++, answers.Length - 1)]());
    }

    [Fact]
    public async Task The_snapshot_service_keeps_the_last_good_snapshot_when_a_run_fails()
    {
        var good = Snapshots.Sample();
        var queries = new ScriptedQueries(() => good, () => throw new TimeoutException("selecting a server"));
        var service = new AnalyticsSnapshotService(queries, Options.Create(new AnalyticsOptions()), TimeProvider.System, NullLogger<AnalyticsSnapshotService>.Instance);
        var changes = 0;
        service.Changed += () => changes++;

        await service.RefreshAsync(CancellationToken.None);
        Assert.Same(good, service.Current);
        Assert.Null(service.LastError);

        await service.RefreshAsync(CancellationToken.None);
        Assert.Same(good, service.Current);
        Assert.Contains("selecting a server", service.LastError);
        Assert.Equal(2, changes);
    }
}
