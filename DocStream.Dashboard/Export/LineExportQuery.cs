using System.Globalization;
using DocStream.Dashboard.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace DocStream.Dashboard.Export;

/// <summary>
/// The all-lines page's filters and sort as an export link's query string, and back. Dates are ISO days
/// (<c>2011-03-01</c>), inclusive at both ends as on the page.
/// </summary>
public static class LineExportQuery
{
    public const string Path = "/export/lines";

    public static string Link(LineFilter filter, LineSort sort, ExportFormat format)
    {
        var query = new Dictionary<string, string?>
        {
            ["format"] = format == ExportFormat.Csv ? ExportFormats.CsvName : ExportFormats.JsonLinesName,
            ["country"] = string.IsNullOrWhiteSpace(filter.Country) ? null : filter.Country,
            ["from"] = filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["text"] = string.IsNullOrWhiteSpace(filter.DescriptionContains) ? null : filter.DescriptionContains,
            ["cancelled"] = filter.CancellationsOnly ? "true" : null,
            ["sort"] = sort == LineSort.Default ? null : sort.Field.ToString(),
            ["dir"] = sort == LineSort.Default ? null : sort.Ascending ? "asc" : "desc",
        };
        return QueryHelpers.AddQueryString(Path.TrimStart('/'), query.Where(p => p.Value is not null));
    }

    /// <summary>Reads the filters; <paramref name="error"/> names the parameter that is not valid.</summary>
    public static bool TryParse(IQueryCollection query, out LineFilter filter, out LineSort sort, out string? error)
    {
        filter = new LineFilter();
        sort = LineSort.Default;
        error = null;
        if (!TryDay(query["from"], out var from) || !TryDay(query["to"], out var to))
        {
            error = "from and to must be days as yyyy-MM-dd.";
            return false;
        }
        var cancelled = (string?)query["cancelled"];
        if (cancelled is { Length: > 0 } && !bool.TryParse(cancelled, out _))
        {
            error = "cancelled must be true or false.";
            return false;
        }
        var field = LineSortField.Id;
        var sortText = (string?)query["sort"];
        if (sortText is { Length: > 0 } && !Enum.TryParse(sortText, ignoreCase: true, out field))
        {
            error = $"sort must be one of {string.Join(", ", Enum.GetNames<LineSortField>())}.";
            return false;
        }
        var dir = (string?)query["dir"];
        if (dir is { Length: > 0 } and not ("asc" or "desc"))
        {
            error = "dir must be asc or desc.";
            return false;
        }
        filter = new LineFilter
        {
            Country = NullIfBlank(query["country"]),
            From = from,
            To = to,
            DescriptionContains = NullIfBlank(query["text"])?.Trim(),
            CancellationsOnly = cancelled is { Length: > 0 } && bool.Parse(cancelled),
        };
        sort = new LineSort(field, dir != "desc");
        return true;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool TryDay(string? text, out DateTime? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }
        return false;
    }
}
