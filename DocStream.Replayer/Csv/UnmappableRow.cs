namespace DocStream.Replayer.Csv;

/// <summary>A data line that could not become a document: its line in the file, why, and the line itself.</summary>
public sealed record UnmappableRow(long RowNumber, string Reason, string CsvLine)
{
    /// <summary>1-based physical line of the file (the header is line 1).</summary>
    public long LineNumber => RowNumber + 1;
}
