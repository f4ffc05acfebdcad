using DocStream.Dashboard.Data;
using DocStream.Dashboard.Export;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DocStream.Dashboard.Tests;

public class ExportQueryTests
{
    private static IQueryCollection QueryOf(string link) =>
        new QueryCollection(QueryHelpers.ParseQuery(new Uri("http://x/" + link).Query));

    [Fact]
    public void The_lines_filters_and_sort_go_into_the_link_and_come_back_the_same()
    {
        var filter = new LineFilter
        {
            Country = "United Kingdom",
            From = new DateTime(2011, 3, 1),
            To = new DateTime(2011, 3, 31),
            DescriptionContains = "heart & lantern",
            CancellationsOnly = true,
        };
        var sort = new LineSort(LineSortField.InvoiceDate, Ascending: false);

        var link = LineExportQuery.Link(filter, sort, ExportFormat.JsonLines);

        Assert.StartsWith("export/lines?format=jsonl&", link, StringComparison.Ordinal);
        Assert.True(LineExportQuery.TryParse(QueryOf(link), out var parsed, out var parsedSort, out var error), error);
        Assert.Equal(filter, parsed);
        Assert.Equal(sort, parsedSort);
    }

    [Fact]
    public void No_filter_is_all_lines_in_id_order()
    {
        Assert.Equal("export/lines?format=csv", LineExportQuery.Link(new LineFilter(), LineSort.Default, ExportFormat.Csv));
        Assert.True(LineExportQuery.TryParse(QueryOf("export/lines"), out var filter, out var sort, out _));
        Assert.True(filter.IsEmpty);
        Assert.Equal(LineSort.Default, sort);
    }

    [Theory]
    [InlineData("export/lines?from=1/12/2010", "from and to")]
    [InlineData("export/lines?cancelled=yes", "cancelled")]
    [InlineData("export/lines?sort=Description", "sort must be one of")]
    [InlineData("export/lines?dir=up", "dir")]
    public void A_wrong_parameter_is_named(string link, string named)
    {
        Assert.False(LineExportQuery.TryParse(QueryOf(link), out _, out _, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dead_letter_filter_goes_into_the_link_and_comes_back_the_same()
    {
        var filter = new DeadLetterFilter("poison", "utf-8", new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), 2);

        var link = DeadLetterExportQuery.Link(filter, ExportFormat.Csv);

        Assert.True(DeadLetterExportQuery.TryParse(QueryOf(link), out var parsed, out var error), error);
        Assert.Equal(filter, parsed);
    }

    [Theory]
    [InlineData(null, ExportFormat.Csv)]
    [InlineData("csv", ExportFormat.Csv)]
    [InlineData("JSONL", ExportFormat.JsonLines)]
    public void Formats_are_read_from_their_names(string? name, ExportFormat expected)
    {
        Assert.True(ExportFormats.TryParse(name, out var format));
        Assert.Equal(expected, format);
        Assert.False(ExportFormats.TryParse("xlsx", out _));
    }
}
