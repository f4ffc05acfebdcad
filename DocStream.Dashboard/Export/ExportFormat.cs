namespace DocStream.Dashboard.Export;

/// <summary>The file formats every export offers.</summary>
public enum ExportFormat
{
    /// <summary>RFC 4180 CSV, UTF-8 with a byte order mark so spreadsheet programs read the pound sign right.</summary>
    Csv,

    /// <summary>JSON Lines: one JSON object a line, numbers as JSON numbers.</summary>
    JsonLines,
}
