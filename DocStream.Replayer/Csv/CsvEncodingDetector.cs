using System.Text;

namespace DocStream.Replayer.Csv;

/// <summary>
/// The data set is ISO-8859-1 without a byte order mark; the dashboard's export is UTF-8 with one. A file that starts
/// with the UTF-8 mark is read as UTF-8 (the mark skipped), anything else as latin-1 as before.
/// </summary>
internal static class CsvEncodingDetector
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The stream to read from and its encoding (null: UTF-8).</summary>
    public static (Stream Input, Encoding? Encoding) Detect(Stream input, bool leaveOpen)
    {
        var start = new byte[Utf8Bom.Length];
        var read = 0;
        while (read < start.Length && input.Read(start, read, start.Length - read) is var n and > 0)
        {
            read += n;
        }
        if (read == Utf8Bom.Length && start.AsSpan().SequenceEqual(Utf8Bom))
        {
            return (new PrefixedReadStream(ReadOnlyMemory<byte>.Empty, input, leaveOpen), null);
        }
        return (new PrefixedReadStream(start.AsMemory(0, read), input, leaveOpen), Encoding.Latin1);
    }
}
