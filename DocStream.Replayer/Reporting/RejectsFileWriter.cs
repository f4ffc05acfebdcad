using System.Globalization;
using System.Text;
using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Reporting;

/// <summary>
/// The rejects file: one CSV line per row that did not get in, with its row and line number, its id, where it
/// was stopped (<c>csv</c>: could not be mapped; <c>api</c>: rejected by the API's validation; <c>api-refused</c>:
/// its whole batch was refused) and why. UTF-8. Thread-safe.
/// </summary>
public sealed class RejectsFileWriter : IDisposable
{
    public const string Header = "RowNumber,LineNumber,Id,Source,Reason,Record";

    private readonly TextWriter _writer;
    private readonly Lock _lock = new();
    private long _count;

    public RejectsFileWriter(TextWriter writer, bool writeHeader = true)
    {
        _writer = writer;
        if (writeHeader)
        {
            _writer.WriteLine(Header);
        }
    }

    /// <summary>Creates the file, or appends to it when <paramref name="append"/> and it exists (resume).</summary>
    public static RejectsFileWriter Open(string path, bool append)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var exists = append && File.Exists(path) && new FileInfo(path).Length > 0;
        var stream = new FileStream(path, exists ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        return new RejectsFileWriter(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false }, writeHeader: !exists);
    }

    public long Count => Interlocked.Read(ref _count);

    public void Write(long rowNumber, string? id, string source, string reason, string record)
    {
        var line = string.Join(',',
            rowNumber.ToString(CultureInfo.InvariantCulture),
            (rowNumber + 1).ToString(CultureInfo.InvariantCulture),
            CsvInvoiceRecord.Quote(id ?? string.Empty),
            source,
            CsvInvoiceRecord.Quote(reason),
            CsvInvoiceRecord.Quote(record));
        lock (_lock)
        {
            _writer.WriteLine(line);
            Interlocked.Increment(ref _count);
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
