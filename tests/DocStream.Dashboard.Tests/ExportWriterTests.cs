using System.Text;
using System.Text.Json;
using DocStream.Contracts;
using DocStream.Dashboard.Export;
using Microsoft.AspNetCore.Http;

namespace DocStream.Dashboard.Tests;

public class ExportWriterTests
{
    private static readonly InvoiceLine Quoted = new()
    {
        Id = "online-retail:1",
        InvoiceNo = "C536379",
        StockCode = "85123A",
        Description = "RECORD FRAME 7\" SINGLE SIZE, £2 ",
        Quantity = -6,
        InvoiceDate = new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc),
        UnitPrice = 0.001m,
        CustomerID = null,
        Country = "United Kingdom",
    };

    private static async Task<(HttpResponse Response, byte[] Body)> ExportAsync(ExportFormat format, params InvoiceLine[] lines)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await new ExportResult<InvoiceLine>(format, "lines", ExportTables.Lines, lines.ToAsyncEnumerable()).ExecuteAsync(context);
        return (context.Response, body.ToArray());
    }

    [Fact]
    public async Task Csv_is_utf8_with_a_byte_order_mark_a_header_of_the_grid_columns_and_rfc4180_quoting()
    {
        var (response, body) = await ExportAsync(ExportFormat.Csv, Quoted);

        Assert.Equal(Encoding.UTF8.GetPreamble(), body[..3]);
        Assert.Equal(
            "InvoiceDate,InvoiceNo,StockCode,Description,Quantity,UnitPrice,LineTotal,CustomerID,Country\r\n" +
            "2010-12-01 08:26:00,C536379,85123A,\"RECORD FRAME 7\"\" SINGLE SIZE, £2 \",-6,0.001,-0.006,,United Kingdom\r\n",
            Encoding.UTF8.GetString(body.AsSpan(3)));
        Assert.Equal("text/csv; charset=utf-8", response.ContentType);
        Assert.Contains("attachment", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Contains("lines.csv", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_text_that_a_spreadsheet_would_run_as_a_formula_is_escaped_but_negative_numbers_stay_numbers()
    {
        var (_, body) = await ExportAsync(ExportFormat.Csv, Quoted with { Description = "=HYPERLINK(\"x\")" });

        var row = Encoding.UTF8.GetString(body).Split("\r\n")[1];
        Assert.Contains("'=HYPERLINK", row, StringComparison.Ordinal);
        Assert.Contains(",-6,", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lines_hold_one_object_a_line_with_numbers_as_numbers_and_null_for_no_customer()
    {
        var (response, body) = await ExportAsync(ExportFormat.JsonLines, Quoted, Quoted with { CustomerID = 17850 });

        var lines = Encoding.UTF8.GetString(body).Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("", lines[2]);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("RECORD FRAME 7\" SINGLE SIZE, £2 ", root.GetProperty("Description").GetString());
        Assert.Equal(0.001m, root.GetProperty("UnitPrice").GetDecimal());
        Assert.Equal(-0.006m, root.GetProperty("LineTotal").GetDecimal());
        Assert.Equal(-6, root.GetProperty("Quantity").GetInt32());
        Assert.Equal("2010-12-01T08:26:00", root.GetProperty("InvoiceDate").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("CustomerID").ValueKind);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(17850, second.RootElement.GetProperty("CustomerID").GetInt32());
        Assert.Equal("application/jsonl; charset=utf-8", response.ContentType);
    }

    [Fact]
    public async Task Many_rows_are_written_out_as_they_come_not_held_until_the_end()
    {
        // 20,000 rows are several times the writers' 64 KiB buffers: the body must grow while rows are still coming.
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        long bytesWhenHalfWay = -1;
        async IAsyncEnumerable<InvoiceLine> Rows()
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (i == 10_000)
                {
                    bytesWhenHalfWay = body.Length;
                }
                yield return Quoted with { Id = $"x:{i}" };
            }
            await Task.CompletedTask;
        }

        foreach (var format in new[] { ExportFormat.Csv, ExportFormat.JsonLines })
        {
            body.SetLength(0);
            await new ExportResult<InvoiceLine>(format, "lines", ExportTables.Lines, Rows()).ExecuteAsync(context);
            Assert.True(bytesWhenHalfWay > body.Length / 4, $"{format}: {bytesWhenHalfWay} of {body.Length} bytes were written half-way");
        }
    }
}
