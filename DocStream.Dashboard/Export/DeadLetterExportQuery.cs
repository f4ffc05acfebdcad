using System.Globalization;
using DocStream.Dashboard.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace DocStream.Dashboard.Export;

/// <summary>The dead-letter page's filter as an export link's query string, and back. Times are UTC, ISO 8601.</summary>
public static class DeadLetterExportQuery
{
    public const string Path = "/export/dead-letters";

    public static string Link(DeadLetterFilter filter, ExportFormat format)
    {
        var query = new Dictionary<string, string?>
        {
            ["format"] = format == ExportFormat.Csv ? ExportFormats.CsvName : ExportFormats.JsonLinesName,
            ["kind"] = string.IsNullOrWhiteSpace(filter.Kind) ? null : filter.Kind,
            ["reason"] = string.IsNullOrWhiteSpace(filter.ReasonContains) ? null : filter.ReasonContains,
            ["from"] = filter.From?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["to"] = filter.To?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["partition"] = filter.Partition?.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(Path.TrimStart('/'), query.Where(p => p.Value is not null));
    }

    public static bool TryParse(IQueryCollection query, out DeadLetterFilter filter, out string? error)
    {
        filter = DeadLetterFilter.None;
        error = null;
        if (!TryTime(query["from"], out var from) || !TryTime(query["to"], out var to))
        {
            error = "from and to must be UTC times as yyyy-MM-ddTHH:mm:ss.";
            return false;
        }
        int? partition = null;
        var partitionText = (string?)query["partition"];
        if (partitionText is { Length: > 0 })
        {
            if (!int.TryParse(partitionText, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
            {
                error = "partition must be a partition number.";
                return false;
            }
            partition = p;
        }
        filter = new DeadLetterFilter(NullIfBlank(query["kind"]), NullIfBlank(query["reason"]), from, to, partition);
        return true;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool TryTime(string? text, out DateTime? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            return true;
        }
        return false;
    }
}
