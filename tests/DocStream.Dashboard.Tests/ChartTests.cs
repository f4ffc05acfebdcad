using System.Globalization;
using DocStream.Dashboard.Components.Shared;

namespace DocStream.Dashboard.Tests;

public class ChartTests : DashboardTestContext
{
    private static double Width(AngleSharp.Dom.IElement bar) =>
        double.Parse(bar.GetAttribute("width")!, CultureInfo.InvariantCulture);

    [Fact]
    public void Bars_are_proportional_to_their_values()
    {
        var cut = Render<BarChart>(p => p
            .Add(c => c.Title, "Revenue")
            .Add(c => c.Points, [new ChartPoint("A", 100, "£100"), new ChartPoint("B", 50, "£50"), new ChartPoint("C", 25, "£25")]));

        var bars = cut.FindAll(TestId("bar"));
        Assert.Equal(3, bars.Count);
        Assert.Equal(BarChart.BarArea, Width(bars[0]), 1);
        Assert.Equal(BarChart.BarArea / 2, Width(bars[1]), 1);
        Assert.Equal(BarChart.BarArea / 4, Width(bars[2]), 1);
    }

    [Fact]
    public void Each_bar_has_its_label_and_value_label_and_the_chart_has_a_title_and_description()
    {
        var cut = Render<BarChart>(p => p
            .Add(c => c.Title, "Revenue by country")
            .Add(c => c.Description, "Countries by net revenue")
            .Add(c => c.Points, [new ChartPoint("United Kingdom", 8.19, "£8.19m"), new ChartPoint("EIRE", 0.26, "£263.3k")]));

        Assert.Equal(["£8.19m", "£263.3k"], cut.FindAll(TestId("bar-value")).Select(e => e.TextContent));
        Assert.Contains("United Kingdom", cut.FindAll(".bar-label").Select(e => e.TextContent));
        var svg = cut.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("Revenue by country", cut.Find("svg > title").TextContent);
        Assert.Equal("Countries by net revenue", cut.Find("svg > desc").TextContent);
    }

    [Fact]
    public void A_fixed_maximum_scales_shares_against_one_hundred_percent()
    {
        var cut = Render<BarChart>(p => p
            .Add(c => c.Title, "Shares")
            .Add(c => c.Max, 1.0)
            .Add(c => c.Points, [new ChartPoint("Invoices", 0.148, "14.8%")]));

        Assert.Equal(BarChart.BarArea * 0.148, Width(cut.Find(TestId("bar"))), 1);
    }

    [Fact]
    public void A_negative_value_draws_no_bar_but_keeps_its_label()
    {
        var cut = Render<BarChart>(p => p
            .Add(c => c.Title, "Net")
            .Add(c => c.Points, [new ChartPoint("Sales", 10, "£10"), new ChartPoint("Bad debt", -5, "-£5")]));

        Assert.Equal(0, Width(cut.FindAll(TestId("bar"))[1]));
        Assert.Equal("-£5", cut.FindAll(TestId("bar-value"))[1].TextContent);
    }

    [Fact]
    public void A_chart_without_points_says_so()
    {
        var cut = Render<BarChart>(p => p.Add(c => c.Title, "Nothing").Add(c => c.Points, []));
        Assert.NotNull(cut.Find(TestId("chart-empty")));
        Assert.Empty(cut.FindAll("svg"));
    }

    [Fact]
    public void The_line_chart_draws_one_vertex_per_point_and_labels_the_highest()
    {
        var cut = Render<LineChart>(p => p
            .Add(c => c.Title, "Per day")
            .Add(c => c.Points, [new ChartPoint("1 Dec", 10, "£10"), new ChartPoint("2 Dec", 40, "£40"), new ChartPoint("3 Dec", 20, "£20")]));

        var vertices = cut.Find(TestId("line")).GetAttribute("points")!.Split(' ');
        Assert.Equal(3, vertices.Length);
        var ys = vertices.Select(v => double.Parse(v.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(ys[1] < ys[2] && ys[2] < ys[0], "the highest value is drawn highest (smallest y)");
        Assert.Equal("£40", cut.Find(TestId("peak-label")).TextContent);
        Assert.Contains("highest £40 on 2 Dec", cut.Find("svg > desc").TextContent);
    }

    private static IReadOnlyList<ChartPoint> Days() =>
    [
        new("1 Dec 2010", 58_960.79, "£59k") { ExactLabel = "£58,960.79" },
        new("2 Dec 2010", -22_200, "-£22.2k") { ExactLabel = "-£22,200.00" },
        new("30 Nov 2011", 105_000.5, "£105k") { ExactLabel = "£105,000.50" },
    ];

    [Fact]
    public void The_line_chart_value_axis_has_round_ticks_through_zero()
    {
        var cut = Render<LineChart>(p => p.Add(c => c.Title, "Per day").Add(c => c.Points, Days()));

        var ticks = cut.FindAll(TestId("y-tick")).Select(t => double.Parse(t.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([-50_000, 0, 50_000, 100_000, 150_000], ticks);
    }

    [Fact]
    public void The_outer_x_labels_are_anchored_inwards_so_the_last_date_is_not_cut()
    {
        var cut = Render<LineChart>(p => p.Add(c => c.Title, "Per day").Add(c => c.Points, Days()));

        var labels = cut.FindAll(TestId("x-label"));
        Assert.Equal("start", labels[0].GetAttribute("text-anchor"));
        Assert.Equal("30 Nov 2011", labels[^1].TextContent);
        Assert.Equal("end", labels[^1].GetAttribute("text-anchor"));
    }

    [Fact]
    public void Every_point_is_focusable_with_a_tooltip_of_its_exact_value_and_the_data_is_also_a_table()
    {
        var cut = Render<LineChart>(p => p.Add(c => c.Title, "Per day").Add(c => c.Points, Days()));

        var points = cut.FindAll(TestId("point"));
        Assert.Equal(3, points.Count);
        Assert.All(points, point => Assert.Equal("0", point.GetAttribute("tabindex")));
        Assert.Equal("2 Dec 2010: -£22,200.00", points[1].GetAttribute("aria-label"));
        Assert.Contains("£105,000.50", points[2].QuerySelector("[data-testid=tooltip]")!.TextContent);
        var rows = cut.FindAll("[data-testid=chart-table] tbody tr");
        Assert.Equal(["1 Dec 2010 £58,960.79", "2 Dec 2010 -£22,200.00", "30 Nov 2011 £105,000.50"],
            rows.Select(r => string.Join(' ', r.Children.Select(c => c.TextContent))));
    }

    [Fact]
    public void A_bar_chart_offers_its_exact_values_on_focus_and_as_a_table()
    {
        var cut = Render<BarChart>(p => p
            .Add(c => c.Title, "Revenue")
            .Add(c => c.Points, [new ChartPoint("United Kingdom", 8_187_806.36, "£8.19m") { ExactLabel = "£8,187,806.36" }]));

        var row = cut.Find(TestId("bar-row"));
        Assert.Equal("0", row.GetAttribute("tabindex"));
        Assert.Equal("United Kingdom: £8,187,806.36", row.GetAttribute("aria-label"));
        Assert.Equal("£8,187,806.36", cut.Find("[data-testid=chart-table] tbody td").TextContent);
    }
}
