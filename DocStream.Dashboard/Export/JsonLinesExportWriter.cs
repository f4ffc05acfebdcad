using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DocStream.Dashboard.Export;

/// <summary>
/// JSON Lines: each record one JSON object on its own line, numbers as exact JSON numbers, dates as ISO 8601 without
/// a zone. Records are gathered in a buffer and written out to the response every <see cref="FlushBytes"/>.
/// </summary>
public sealed class JsonLinesExportWriter : IExportRecordWriter
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss";
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly Stream _destination;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes * 2);
    private readonly Utf8JsonWriter _json;
    private bool _inRecord;

    public JsonLinesExportWriter(Stream destination)
    {
        _destination = destination;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    private void Start()
    {
        if (!_inRecord)
        {
            _json.WriteStartObject();
            _inRecord = true;
        }
    }

    public void Text(string column, string? value)
    {
        Start();
        if (value is null)
        {
            _json.WriteNull(column);
        }
        else
        {
            _json.WriteString(column, value);
        }
    }

    public void Integer(string column, long? value)
    {
        Start();
        if (value is { } v)
        {
            _json.WriteNumber(column, v);
        }
        else
        {
            _json.WriteNull(column);
        }
    }

    public void Number(string column, decimal? value)
    {
        Start();
        if (value is { } v)
        {
            _json.WriteNumber(column, v);
        }
        else
        {
            _json.WriteNull(column);
        }
    }

    public void Date(string column, DateTime? value)
    {
        Start();
        if (value is { } v)
        {
            _json.WriteString(column, v.ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            _json.WriteNull(column);
        }
    }

    public void Boolean(string column, bool value)
    {
        Start();
        _json.WriteBoolean(column, value);
    }

    public async ValueTask EndRecordAsync(CancellationToken cancellationToken)
    {
        Start();
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
        // Each line is its own JSON document: the writer starts afresh, writing into the same buffer.
        _json.Reset(_buffer);
        _inRecord = false;
        if (_buffer.WrittenCount >= FlushBytes)
        {
            await WriteOutAsync(cancellationToken);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await WriteOutAsync(cancellationToken);
        await _destination.FlushAsync(cancellationToken);
    }

    private async ValueTask WriteOutAsync(CancellationToken cancellationToken)
    {
        await _destination.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }

    public async ValueTask DisposeAsync() => await _json.DisposeAsync();
}
