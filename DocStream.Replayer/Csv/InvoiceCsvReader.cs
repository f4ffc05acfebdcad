using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace DocStream.Replayer.Csv;

/// <summary>
/// Streams the data set's CSV (<c>.csv</c> or <c>.csv.gz</c>, ISO-8859-1, CRLF; or UTF-8 after a byte order mark, as the dashboard exports it) into <see cref="CsvInvoiceRecord"/>s,
/// one per data line, never holding more than the reader's buffer. Quoted fields may not span lines (the data
/// set has none), so one unbalanced quote costs one line instead of swallowing the rest of the file. Lines with
/// bad quoting or the wrong number of fields are returned too, in file order, with <see cref="CsvInvoiceRecord.Problem"/> set.
/// </summary>
public sealed class InvoiceCsvReader : IDisposable
{
    private readonly Stream _file;
    private readonly CsvReader _csv;
    private readonly Queue<CsvInvoiceRecord> _malformed = new();
    private readonly bool _leaveOpen;
    private int[]? _columns;
    private int _headerFieldCount = CsvColumns.All.Length;

    public InvoiceCsvReader(Stream input, bool gzip, bool leaveOpen = false)
    {
        _file = input;
        _leaveOpen = leaveOpen;
        Stream decompressed = gzip ? new GZipStream(input, CompressionMode.Decompress, leaveOpen) : input;
        var (csvInput, encoding) = CsvEncodingDetector.Detect(decompressed, leaveOpen: !gzip && leaveOpen);
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            Encoding = encoding,
            AllowLineBreaksInQuotes = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = OnMalformed,
        };
        _csv = CsvReader.Create(csvInput, options, leaveOpen: false);
    }

    /// <summary>Opens a file; <c>.gz</c> files are decompressed while reading.</summary>
    public static InvoiceCsvReader Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new InvoiceCsvReader(file, DataFileName.IsGzip(path));
    }

    /// <summary>Bytes of the file read so far (compressed bytes for a <c>.gz</c>), for progress.</summary>
    public long BytesRead => _file.CanSeek ? _file.Position : 0;

    /// <summary>Length of the file, or 0 when unknown.</summary>
    public long Length => _file.CanSeek ? _file.Length : 0;

    /// <summary>Reads every data line in file order.</summary>
    /// <exception cref="InvalidDataFileException">The header lacks a column of the data set, or the input is not readable CSV.</exception>
    public IEnumerable<CsvInvoiceRecord> ReadRecords()
    {
        var columns = ResolveColumns();
        while (true)
        {
            bool more;
            try
            {
                more = _csv.Read();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataFileException($"The file could not be decompressed: {e.Message}", e);
            }

            var nextRow = more ? _csv.LineNumber - 1 : long.MaxValue;
            while (_malformed.Count > 0 && _malformed.Peek().RowNumber < nextRow)
            {
                yield return _malformed.Dequeue();
            }
            if (!more)
            {
                yield break;
            }
            yield return ReadCurrent(columns, nextRow);
        }
    }

    private CsvInvoiceRecord ReadCurrent(int[] columns, long rowNumber)
    {
        // As many fields as the header: the data set has 8; an export from the dashboard adds LineTotal.
        if (_csv.FieldCount != _headerFieldCount)
        {
            return new CsvInvoiceRecord
            {
                RowNumber = rowNumber,
                RawRecord = Encoding.UTF8.GetString(_csv.RawRecord),
                Problem = $"Expected {_headerFieldCount} fields, found {_csv.FieldCount}.",
            };
        }
        return new CsvInvoiceRecord
        {
            RowNumber = rowNumber,
            InvoiceNo = _csv.GetString(columns[0]),
            StockCode = _csv.GetString(columns[1]),
            Description = _csv.GetString(columns[2]),
            Quantity = _csv.GetString(columns[3]),
            InvoiceDate = _csv.GetString(columns[4]),
            UnitPrice = _csv.GetString(columns[5]),
            CustomerID = _csv.GetString(columns[6]),
            Country = _csv.GetString(columns[7]),
        };
    }

    private int[] ResolveColumns()
    {
        if (_columns is not null)
        {
            return _columns;
        }
        IReadOnlyList<string> header;
        try
        {
            header = _csv.Headers;
        }
        catch (Exception e) when (e is InvalidDataException or CsvFormatException)
        {
            throw new InvalidDataFileException($"The file's header could not be read: {e.Message}", e);
        }
        var columns = new int[CsvColumns.All.Length];
        var missing = new List<string>();
        for (var i = 0; i < columns.Length; i++)
        {
            if (!_csv.TryGetFieldIndex(CsvColumns.All[i], out columns[i]))
            {
                missing.Add(CsvColumns.All[i]);
            }
        }
        if (missing.Count > 0)
        {
            throw new InvalidDataFileException(
                $"The CSV header lacks {string.Join(", ", missing)}. Expected {string.Join(",", CsvColumns.All)}; found '{Shorten(string.Join(",", header))}'.");
        }
        _headerFieldCount = header.Count;
        return _columns = columns;
    }

    private void OnMalformed(CsvMalformedRecord record)
    {
        if (record.LineNumber <= 1)
        {
            return; // the header: reported by ResolveColumns if it matters
        }
        var reason = record.Reason switch
        {
            CsvMalformedReason.LineBreakInQuotes or CsvMalformedReason.UnterminatedQuote => "Unterminated quoted field (a quote opens a field that the line never closes).",
            CsvMalformedReason.StrayQuote => "Stray double quote inside an unquoted field.",
            CsvMalformedReason.TextAfterClosingQuote => "Text after the closing quote of a quoted field.",
            CsvMalformedReason.FieldCountMismatch => $"Expected {_headerFieldCount} fields.",
            _ => $"Malformed CSV ({record.Reason}).",
        };
        _malformed.Enqueue(new CsvInvoiceRecord { RowNumber = record.LineNumber - 1, RawRecord = record.RawRecord, Problem = reason });
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..120] + "…";

    public void Dispose()
    {
        _csv.Dispose();
        if (!_leaveOpen)
        {
            _file.Dispose();
        }
    }
}
