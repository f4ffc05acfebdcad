namespace DocStream.Replayer.Csv;

/// <summary>
/// One data line of the CSV as text, before any value is interpreted. <see cref="RowNumber"/> is the 1-based
/// data line (the header is line 0), so it stays the same when an earlier line is malformed: the document
/// id built from it is stable. <see cref="Problem"/> is set when the line could not even be split into fields.
/// </summary>
public sealed record CsvInvoiceRecord
{
    public required long RowNumber { get; init; }

    /// <summary>1-based physical line of the file (the header is line 1).</summary>
    public long LineNumber => RowNumber + 1;

    public string InvoiceNo { get; init; } = string.Empty;
    public string StockCode { get; init; } = string.Empty;
    public string Description { get; init; } = string.Empty;
    public string Quantity { get; init; } = string.Empty;
    public string InvoiceDate { get; init; } = string.Empty;
    public string UnitPrice { get; init; } = string.Empty;
    public string CustomerID { get; init; } = string.Empty;
    public string Country { get; init; } = string.Empty;

    /// <summary>Why the line could not be split into the 8 fields (bad quoting, wrong column count); null when it could.</summary>
    public string? Problem { get; init; }

    /// <summary>The line as it is in the file (without the line break); kept only for lines with a <see cref="Problem"/>.</summary>
    public string? RawRecord { get; init; }

    /// <summary>The line as read: <see cref="RawRecord"/> when kept, else the fields written back as CSV.</summary>
    public string ToCsvLine() => RawRecord ?? string.Join(',',
        Quote(InvoiceNo), Quote(StockCode), Quote(Description), Quote(Quantity),
        Quote(InvoiceDate), Quote(UnitPrice), Quote(CustomerID), Quote(Country));

    internal static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
