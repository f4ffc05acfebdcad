using System.IO.Compression;
using System.Text;
using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Tests;

/// <summary>The dashboard's CSV export (UTF-8 with a byte order mark, columns in the grid's order, LineTotal added) reads like the data set.</summary>
public sealed class ExportedCsvTests
{
    private const string ExportHeader = "InvoiceDate,InvoiceNo,StockCode,Description,Quantity,UnitPrice,LineTotal,CustomerID,Country";

    private static byte[] Utf8WithBom(params string[] lines) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")];

    private static List<CsvInvoiceRecord> Read(byte[] bytes, bool gzip = false)
    {
        if (gzip)
        {
            var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(bytes);
            }
            bytes = compressed.ToArray();
        }
        using var reader = new InvoiceCsvReader(new MemoryStream(bytes), gzip);
        return reader.ReadRecords().ToList();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_utf8_file_with_a_byte_order_mark_keeps_the_pound_sign_and_finds_its_columns_in_any_order(bool gzip)
    {
        var records = Read(Utf8WithBom(ExportHeader,
            "2011-03-07 14:41:00,545897,gift_0001_20,Dotcomgiftshop Gift Voucher £20.00,1,17.02,17.02,,United Kingdom"), gzip);

        var record = Assert.Single(records);
        Assert.Null(record.Problem);
        Assert.True(new InvoiceRowMapper("export").TryMap(record, out var document, out var unmappable), unmappable?.Reason);
        Assert.Equal("Dotcomgiftshop Gift Voucher £20.00", document.Line.Description);
        Assert.Equal("545897", document.Line.InvoiceNo);
        Assert.Equal(17.02m, document.Line.UnitPrice);
        Assert.Null(document.Line.CustomerID);
        Assert.Equal(new DateTime(2011, 3, 7, 14, 41, 0), document.Line.InvoiceDate, TimeSpan.Zero);
    }

    [Fact]
    public void A_file_without_the_mark_is_still_read_as_latin1()
    {
        var records = Read(TestData.Latin1(TestData.Header, "545897,gift_0001_20,Voucher \u00a320.00,1,3/7/2011 14:41,17.02,,United Kingdom"));

        Assert.Equal("Voucher £20.00", Assert.Single(records).Description);
    }

    [Fact]
    public void A_line_with_fewer_fields_than_the_header_is_still_refused()
    {
        var records = Read(Utf8WithBom(ExportHeader, "2011-03-07 14:41:00,545897,gift_0001_20,Voucher,1,17.02,,United Kingdom"));

        Assert.Equal("Expected 9 fields, found 8.", Assert.Single(records).Problem);
    }
}
