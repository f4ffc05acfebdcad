namespace DocStream.Dashboard.Export;

/// <summary>The query-string names of the formats and what each is served as.</summary>
public static class ExportFormats
{
    public const string CsvName = "csv";
    public const string JsonLinesName = "jsonl";

    /// <summary>Reads <c>?format=</c>; CSV when it is absent.</summary>
    public static bool TryParse(string? text, out ExportFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or CsvName:
                format = ExportFormat.Csv;
                return true;
            case JsonLinesName or "ndjson":
                format = ExportFormat.JsonLines;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? ".csv" : ".jsonl";
}
