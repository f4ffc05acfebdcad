using System.IO.Compression;
using System.Text;

namespace DocStream.Bench.Floor;

/// <summary>The data set's rows as they are in the file (latin-1 bytes, header left out), scaled like bench/e2e.sh scales it.</summary>
internal static class RawRows
{
    /// <summary>One row to send: the id e2e would give it (prefix:row) and its bytes as-is.</summary>
    public sealed record Row(string Id, byte[] Bytes);

    public static List<Row> Read(string path, string stem, double scale)
    {
        var lines = new List<byte[]>();
        using (var file = File.OpenRead(path))
        using (Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file)
        using (var reader = new StreamReader(stream, Encoding.Latin1))
        {
            reader.ReadLine(); // header
            while (reader.ReadLine() is { } line)
            {
                lines.Add(Encoding.Latin1.GetBytes(line));
            }
        }
        // Same plan as the e2e bench: whole copies of the file, then the first rows; copy n > 1 under "stem-copyN".
        var documents = (long)Math.Round(lines.Count * scale);
        var rows = new List<Row>((int)documents);
        for (var copy = 1; rows.Count < documents; copy++)
        {
            var prefix = copy == 1 ? stem : $"{stem}-copy{copy}";
            for (var i = 0; i < lines.Count && rows.Count < documents; i++)
            {
                rows.Add(new Row($"{prefix}:{i + 1}", lines[i]));
            }
        }
        return rows;
    }
}
