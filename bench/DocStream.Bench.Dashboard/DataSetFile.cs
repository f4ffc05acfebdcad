using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocStream.Contracts;

namespace DocStream.Bench.Dashboard;

/// <summary>
/// The data set (Kaggle layout: latin-1, CRLF, fields quoted only when needed, month-first dates) read into
/// <see cref="InvoiceLine"/>s with the ids the replayer gives them (<c>online-retail:{row}</c>), so the documents
/// are the ones the pipeline stores.
/// </summary>
public static class DataSetFile
{
    public static string Find(string? path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            return path;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "online-retail.csv.gz");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("shared/data/online-retail.csv.gz was not found; pass --file.");
    }

    public static IEnumerable<InvoiceLine> Read(string path, int limit = int.MaxValue)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.Latin1);
        _ = reader.ReadLine(); // header
        var fields = new List<string>(8);
        var row = 0;
        while (row < limit && reader.ReadLine() is { } line)
        {
            row++;
            Split(line, fields);
            if (fields.Count != 8)
            {
                throw new FormatException($"Row {row} has {fields.Count} fields.");
            }
            var inv = CultureInfo.InvariantCulture;
            yield return new InvoiceLine
            {
                Id = $"online-retail:{row}",
                InvoiceNo = fields[0],
                StockCode = fields[1],
                Description = fields[2],
                Quantity = int.Parse(fields[3], inv),
                InvoiceDate = DateTime.SpecifyKind(DateTime.ParseExact(fields[4], ["M/d/yyyy H:mm", "M/d/yy H:mm"], inv, DateTimeStyles.None), DateTimeKind.Utc),
                UnitPrice = decimal.Parse(fields[5], NumberStyles.Float, inv),
                CustomerID = fields[6].Length == 0 ? null : int.Parse(fields[6], inv),
                Country = fields[7],
            };
        }
    }

    private static void Split(string line, List<string> fields)
    {
        fields.Clear();
        var sb = new StringBuilder();
        var i = 0;
        while (true)
        {
            sb.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    sb.Append(line[i++]);
                }
            }
            fields.Add(sb.ToString());
            if (i >= line.Length)
            {
                return;
            }
            i++; // the comma
        }
    }
}
