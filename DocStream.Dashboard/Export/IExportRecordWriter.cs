namespace DocStream.Dashboard.Export;

/// <summary>
/// Writes records one at a time to a response as they come, in one of the <see cref="ExportFormat"/>s. Values are
/// typed so numbers stay numbers in both formats; each value is written under its column's name.
/// </summary>
public interface IExportRecordWriter : IAsyncDisposable
{
    void Text(string column, string? value);

    void Integer(string column, long? value);

    void Number(string column, decimal? value);

    /// <summary>A wall-clock time without a zone (the shop's time, or UTC where the column says so).</summary>
    void Date(string column, DateTime? value);

    void Boolean(string column, bool value);

    /// <summary>Ends the record; writes out to the response whenever the buffer fills.</summary>
    ValueTask EndRecordAsync(CancellationToken cancellationToken);

    /// <summary>Writes what is buffered and flushes the response.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
