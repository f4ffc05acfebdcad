using System.Text;
using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Tests;

/// <summary>The shared data files and small CSV texts for the tests.</summary>
internal static class TestData
{
    public const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    public static string SampleFile => Find("shared/data/online-retail-first-999.csv");

    public static string FullFile => Find("shared/data/online-retail.csv.gz");

    /// <summary>A reader over CSV text given as lines (joined with CRLF, encoded latin-1 like the real file).</summary>
    public static InvoiceCsvReader Reader(params string[] lines) =>
        new(new MemoryStream(Latin1(lines)), gzip: false);

    public static byte[] Latin1(params string[] lines) => Encoding.Latin1.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public static List<CsvInvoiceRecord> ReadAll(params string[] lines)
    {
        using var reader = Reader(lines);
        return reader.ReadRecords().ToList();
    }

    private static string Find(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relative} was not found in any parent of {AppContext.BaseDirectory}.");
    }
}
