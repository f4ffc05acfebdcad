using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;

namespace DocStream.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real data set, read here independently of the replayer (plain CsvHelper, latin-1, month-first
/// dates) so the end-to-end check is not the replayer checking itself.
/// </summary>
public static class DataSet
{
    public sealed record Row(int RowNumber, string InvoiceNo, string StockCode, string Description, int Quantity,
        DateTime InvoiceDate, decimal UnitPrice, int? CustomerID, string Country);

    public static string FullFile => Find("online-retail.csv.gz");

    public static string Find(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"shared/data/{fileName} was not found above {AppContext.BaseDirectory}.");
    }

    public static IEnumerable<Row> Read(string path, int limit)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var csv = CsvReader.Create(stream, new CsvReaderOptions { HasHeader = true, Encoding = Encoding.Latin1 });
        var row = 0;
        // Kaggle layout: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        while (row < limit && csv.Read())
        {
            row++;
            var customer = csv.GetString(6);
            yield return new Row(
                row,
                csv.GetString(0),
                csv.GetString(1),
                csv.GetString(2),
                int.Parse(csv.GetString(3), CultureInfo.InvariantCulture),
                DateTime.ParseExact(csv.GetString(4), ["M/d/yyyy H:mm", "M/d/yy H:mm"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                decimal.Parse(csv.GetString(5), NumberStyles.Float, CultureInfo.InvariantCulture),
                customer.Length == 0 ? null : int.Parse(customer, CultureInfo.InvariantCulture),
                csv.GetString(7));
        }
    }
}
