using System.Globalization;
using CsvHelper;

namespace DocStream.Dashboard.Export;

/// <summary>
/// RFC 4180 CSV through CsvHelper: UTF-8 with a byte order mark, a header of the column names, numbers in invariant
/// notation (2.55, -11062.06), dates as <c>yyyy-MM-dd HH:mm:ss</c>, which spreadsheets and the replayer both read.
/// Text that a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> first) is escaped.
/// </summary>
public sealed class CsvExportWriter : IExportRecordWriter
{
    public const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    private readonly CsvWriter _csv;

    public CsvExportWriter(Stream destination, IReadOnlyList<string> header)
    {
        var options = CsvWriterOptions.Default with
        {
            WriteByteOrderMark = true,
            // Leading and trailing spaces are part of the data; quoted, no reader trims them away.
            Quoting = CsvQuoting.WhenNeededOrWhitespace,
            Injection = CsvInjection.Escape,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        _csv = CsvWriter.Create(destination, options, leaveOpen: true);
        _csv.WriteHeader(header.ToArray());
    }

    public void Text(string column, string? value) => _csv.WriteField(value ?? string.Empty);

    public void Integer(string column, long? value)
    {
        if (value is { } v)
        {
            _csv.WriteField(v, default);
        }
        else
        {
            _csv.WriteField(string.Empty);
        }
    }

    public void Number(string column, decimal? value)
    {
        if (value is { } v)
        {
            _csv.WriteField(v, default);
        }
        else
        {
            _csv.WriteField(string.Empty);
        }
    }

    public void Date(string column, DateTime? value)
    {
        if (value is { } v)
        {
            _csv.WriteField(v, DateFormat);
        }
        else
        {
            _csv.WriteField(string.Empty);
        }
    }

    public void Boolean(string column, bool value) => _csv.WriteField(value);

    public ValueTask EndRecordAsync(CancellationToken cancellationToken) => _csv.EndRecordAsync(cancellationToken);

    public Task CompleteAsync(CancellationToken cancellationToken) => _csv.FlushAsync(cancellationToken).AsTask();

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
