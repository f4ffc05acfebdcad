using DocStream.Contracts;
using DocStream.Dashboard.Components.Pages;
using DocStream.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace DocStream.Dashboard.Tests;

public class LinesPageTests : DashboardTestContext
{
    private readonly FakeSnapshotSource _snapshots = new() { Current = Snapshots.Sample() };

    private FakeLineQueries Use(Func<LineFilter, LineSort, int, int, Task<LinePage>> answer)
    {
        var fake = new FakeLineQueries(answer);
        Services.AddSingleton<ILineQueries>(fake);
        Services.AddSingleton<IAnalyticsSnapshotSource>(_snapshots);
        return fake;
    }

    [Fact]
    public void Shows_a_page_of_lines_and_the_total_from_the_server()
    {
        var fake = Use((_, _, _, _) => Task.FromResult(new LinePage(
            [Line("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, 2.55m), Line("C536379", "D", "Discount", -1, 27.50m, id: "x2")],
            541_909)));

        var cut = Render<Lines>();

        cut.WaitForAssertion(() => Assert.Equal("541,909", cut.Find(TestId("line-count")).TextContent));
        cut.WaitForAssertion(() => Assert.Contains("WHITE HANGING HEART", cut.Find(TestId("lines-grid")).TextContent));
        Assert.Contains(cut.FindAll("a"), a => a.GetAttribute("href") == "invoices/C536379");
        var first = fake.Calls[0];
        Assert.True(first.Filter.IsEmpty);
        Assert.Equal(0, first.Skip);
        Assert.Equal(25, first.Take);
    }

    [Fact]
    public void Asks_the_server_for_the_newest_lines_first_by_default()
    {
        var fake = Use((_, _, _, _) => Task.FromResult(new LinePage([], 0)));
        var cut = Render<Lines>();
        cut.WaitForAssertion(() => Assert.NotEmpty(fake.Calls));
        Assert.Equal(new LineSort(LineSortField.InvoiceDate, false), fake.Calls[0].Sort);
    }

    [Fact]
    public void Says_when_no_line_matches()
    {
        Use((_, _, _, _) => Task.FromResult(new LinePage([], 0)));
        var cut = Render<Lines>();
        cut.WaitForAssertion(() => Assert.Contains("No line matches", cut.Find(TestId("empty")).TextContent));
    }

    [Fact]
    public void Says_MongoDB_is_unreachable_instead_of_throwing()
    {
        Use((_, _, _, _) => Task.FromException<LinePage>(new TimeoutException("selecting a server")));
        var cut = Render<Lines>();
        cut.WaitForAssertion(() => Assert.Contains("did not answer", cut.Find(TestId("error")).TextContent));
    }

    [Fact]
    public void Offers_every_country_of_the_snapshot_as_a_filter()
    {
        Use((_, _, _, _) => Task.FromResult(new LinePage([], 0)));
        var cut = Render<Lines>();
        var options = cut.FindAll("fluent-option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Equal(["All countries", "EIRE", "Netherlands", "United Kingdom"], options);
    }

    [Fact]
    public void Ticking_cancellations_only_queries_at_once_without_waiting_for_Apply()
    {
        var fake = Use((filter, _, _, _) => Task.FromResult(new LinePage([], filter.CancellationsOnly ? 261 : 20_000)));
        var cut = Render<Lines>();
        cut.WaitForAssertion(() => Assert.Equal("20,000", cut.Find(TestId("line-count")).TextContent));

        TickCancellationsOnly(cut);

        cut.WaitForAssertion(() => Assert.Equal("261", cut.Find(TestId("line-count")).TextContent));
        Assert.True(fake.Calls[^1].Filter.CancellationsOnly);
    }

    [Fact]
    public void Apply_pressed_before_the_tick_reached_the_server_still_ends_on_the_ticked_filter()
    {
        // The order a quick "tick, then Apply" once arrived in: the submit first, the checkbox change after it.
        var fake = Use((filter, _, _, _) => Task.FromResult(new LinePage([], filter.CancellationsOnly ? 261 : 20_000)));
        var cut = Render<Lines>();
        cut.WaitForAssertion(() => Assert.Equal("20,000", cut.Find(TestId("line-count")).TextContent));

        var callsBefore = fake.Calls.Count;
        cut.Find(TestId("line-filters")).Submit();
        Assert.False(fake.Calls[callsBefore].Filter.CancellationsOnly);
        TickCancellationsOnly(cut);

        cut.WaitForAssertion(() => Assert.Equal("261", cut.Find(TestId("line-count")).TextContent));
        Assert.True(fake.Calls[^1].Filter.CancellationsOnly);
    }

    [Fact]
    public void A_slow_load_that_a_newer_filter_superseded_does_not_overwrite_the_newer_count()
    {
        var slowUnfiltered = new TaskCompletionSource<LinePage>();
        var fake = Use((filter, _, _, _) => filter.CancellationsOnly ? Task.FromResult(new LinePage([], 261)) : slowUnfiltered.Task);
        var cut = Render<Lines>();
        cut.WaitForAssertion(() => Assert.NotEmpty(fake.Calls));

        TickCancellationsOnly(cut);
        cut.WaitForAssertion(() => Assert.Equal("261", cut.Find(TestId("line-count")).TextContent));
        cut.InvokeAsync(() => slowUnfiltered.SetResult(new LinePage([], 20_000)));

        // The superseded answer has now been handled (its provider call returned); the count is still the newer one.
        cut.WaitForState(() => slowUnfiltered.Task.IsCompleted);
        cut.Render();
        Assert.Equal("261", cut.Find(TestId("line-count")).TextContent);
        Assert.DoesNotContain("20,000", cut.Markup);
    }

    [Fact]
    public void The_export_links_carry_the_applied_filters()
    {
        Use((_, _, _, _) => Task.FromResult(new LinePage([], 0)));
        var cut = Render<Lines>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find(TestId("line-count")).TextContent));
        Assert.StartsWith("export/lines?format=csv", cut.Find(TestId("export-csv")).GetAttribute("href"), StringComparison.Ordinal);

        TickCancellationsOnly(cut);

        cut.WaitForAssertion(() => Assert.Contains("cancelled=true", cut.Find(TestId("export-csv")).GetAttribute("href"), StringComparison.Ordinal));
        Assert.Contains("format=jsonl", cut.Find(TestId("export-jsonl")).GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("cancelled=true", cut.Find(TestId("export-jsonl")).GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(cut.Find(TestId("export-csv")).GetAttribute("download"));
    }

    private static void TickCancellationsOnly(IRenderedComponent<Lines> cut) =>
        cut.Find($"fluent-checkbox{TestId("filter-cancelled")}").TriggerEvent("oncheckedchange", new CheckboxChangeEventArgs { Checked = true });

    [Theory]
    [InlineData("InvoiceDate", LineSortField.InvoiceDate)]
    [InlineData("InvoiceNo", LineSortField.InvoiceNo)]
    [InlineData("CustomerID", LineSortField.CustomerId)]
    [InlineData("Description", LineSortField.Id)]
    [InlineData("Quantity", LineSortField.Id)]
    public void Only_indexed_columns_are_sorted_on_and_anything_else_falls_back_to_the_id(string property, LineSortField expected) =>
        Assert.Equal(expected, LineSort.FromPropertyName(property, true).Field);

    private static BsonDocument Render(FilterDefinition<InvoiceLine> filter) =>
        filter.Render(new RenderArgs<InvoiceLine>(BsonSerializer.LookupSerializer<InvoiceLine>(), BsonSerializer.SerializerRegistry));

    [Fact]
    public void Filters_become_one_MongoDB_query_with_an_escaped_case_insensitive_text_match()
    {
        var query = Render(LineQueries.BuildFilter(new LineFilter
        {
            Country = "EIRE",
            From = new DateTime(2011, 1, 1),
            To = new DateTime(2011, 1, 31),
            CancellationsOnly = true,
            DescriptionContains = "7\" frame",
        }));

        Assert.Equal("EIRE", query["Country"].AsString);
        Assert.Equal(new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc), query["InvoiceDate"]["$gte"].ToUniversalTime());
        Assert.Equal(new DateTime(2011, 2, 1, 0, 0, 0, DateTimeKind.Utc), query["InvoiceDate"]["$lt"].ToUniversalTime());
        Assert.True(query["IsCancellation"].AsBoolean);
        var regex = query["Description"].AsBsonRegularExpression;
        Assert.Equal("i", regex.Options);
        Assert.Equal("7\"\\ frame", regex.Pattern);
    }

    [Fact]
    public void No_filter_is_the_empty_query()
    {
        Assert.Equal(new BsonDocument(), Render(LineQueries.BuildFilter(new LineFilter())));
        Assert.True(new LineFilter().IsEmpty);
    }
}
