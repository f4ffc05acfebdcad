using DocStream.Replayer.Csv;
using DocStream.Replayer.Sending;

namespace DocStream.Replayer.Tests;

/// <summary>Every quirk of the data set that the data README lists, read from the real sample and from small CSV texts.</summary>
public sealed class CsvQuirksTests
{
    private static readonly InvoiceRowMapper Mapper = new("online-retail");

    private static ReplayDocument MapOne(string line)
    {
        var record = Assert.Single(TestData.ReadAll(TestData.Header, line));
        Assert.True(Mapper.TryMap(record, out var document, out var unmappable), unmappable?.Reason);
        return document;
    }

    [Fact]
    public void The_sample_file_has_999_rows_with_10_cancellations_one_row_without_a_customer_and_4_countries()
    {
        using var reader = InvoiceCsvReader.Open(TestData.SampleFile);
        var mapper = new InvoiceRowMapper(DataFileName.IdPrefix(TestData.SampleFile));
        var documents = new List<ReplayDocument>();
        foreach (var record in reader.ReadRecords())
        {
            Assert.True(mapper.TryMap(record, out var document, out var unmappable), unmappable?.Reason);
            documents.Add(document);
        }

        Assert.Equal(999, documents.Count);
        Assert.Equal(10, documents.Count(d => d.Line.InvoiceNo.StartsWith('C')));
        Assert.All(documents.Where(d => d.Line.IsCancellation), d => Assert.True(d.Line.Quantity < 0));
        Assert.Single(documents, d => d.Line.CustomerID is null);
        Assert.Equal(4, documents.Select(d => d.Line.Country).Distinct().Count());
        Assert.Equal(66, documents.Select(d => d.Line.InvoiceNo).Distinct().Count());
        Assert.Equal("536365", documents[0].Line.InvoiceNo);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), documents[0].Line.InvoiceDate, TimeSpan.Zero);
        Assert.Equal(new DateTime(2010, 12, 1, 12, 43, 0), documents[^1].Line.InvoiceDate, TimeSpan.Zero);
        Assert.Equal("online-retail-first-999:1", documents[0].Line.Id);
        Assert.Equal("online-retail-first-999:999", documents[^1].Line.Id);
    }

    [Fact]
    public void A_quoted_description_with_a_comma_in_the_sample_keeps_the_comma()
    {
        using var reader = InvoiceCsvReader.Open(TestData.SampleFile);
        var descriptions = reader.ReadRecords().Select(r => r.Description).ToList();

        Assert.Contains("AIRLINE LOUNGE,METAL SIGN", descriptions);
        Assert.Contains("FANCY FONT BIRTHDAY CARD, ", descriptions);
        Assert.Contains("TRAY, BREAKFAST IN BED", descriptions);
        Assert.Contains("RECORD FRAME 7\" SINGLE SIZE ", descriptions);
        Assert.DoesNotContain(descriptions, d => d.StartsWith('"'));
    }

    [Fact]
    public void A_cancellation_keeps_its_C_and_its_negative_quantity()
    {
        var document = MapOne("C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom");

        Assert.Equal("C536379", document.Line.InvoiceNo);
        Assert.True(document.Line.IsCancellation);
        Assert.Equal(-1, document.Line.Quantity);
        Assert.Equal("D", document.Line.StockCode);
        Assert.Equal(27.5m, document.Line.UnitPrice);
    }

    [Fact]
    public void A_bad_debt_adjustment_with_a_negative_price_is_sent_as_is()
    {
        var document = MapOne("A563186,B,Adjust bad debt,1,8/12/2011 14:51,-11062.06,,United Kingdom");

        Assert.Equal("A563186", document.Line.InvoiceNo);
        Assert.Equal("B", document.Line.StockCode);
        Assert.Equal(-11062.06m, document.Line.UnitPrice);
        Assert.Null(document.Line.CustomerID);
        Assert.Equal(new DateTime(2011, 8, 12, 14, 51, 0), document.Line.InvoiceDate, TimeSpan.Zero);
        Assert.Contains("\"UnitPrice\":-11062.06,", InvoiceJsonWriter.ToJson(document.Line));
    }

    [Fact]
    public void A_563185_invoice_number_starting_with_A_is_accepted()
    {
        Assert.Equal("A563185", MapOne("A563185,B,Adjust bad debt,1,8/12/2011 14:50,11062.06,,United Kingdom").Line.InvoiceNo);
    }

    [Fact]
    public void Doubled_quotes_inside_a_quoted_description_become_one_quote_and_the_trailing_space_stays()
    {
        var document = MapOne("536520,21175,\"RECORD FRAME 7\"\" SINGLE SIZE \",2,12/1/2010 12:43,2.55,14729,United Kingdom");

        Assert.Equal("RECORD FRAME 7\" SINGLE SIZE ", document.Line.Description);
        Assert.Contains("\"Description\":\"RECORD FRAME 7\\\" SINGLE SIZE \"", InvoiceJsonWriter.ToJson(document.Line));
    }

    [Fact]
    public void An_empty_description_stays_an_empty_string()
    {
        var document = MapOne("536414,22139,,56,12/1/2010 11:52,0,,United Kingdom");

        Assert.Equal(string.Empty, document.Line.Description);
        Assert.Contains("\"Description\":\"\"", InvoiceJsonWriter.ToJson(document.Line));
    }

    [Fact]
    public void The_pound_sign_is_read_as_latin1_and_sent_as_the_pound_sign()
    {
        var document = MapOne("545897,gift_0001_20,Dotcomgiftshop Gift Voucher \u00a320.00,1,3/7/2011 14:41,17.02,,United Kingdom");

        Assert.Equal("Dotcomgiftshop Gift Voucher £20.00", document.Line.Description);
        Assert.Equal("gift_0001_20", document.Line.StockCode);
        Assert.Contains("Voucher £20.00", InvoiceJsonWriter.ToJson(document.Line));
    }

    [Fact]
    public void The_BANK_CHARGES_stock_code_keeps_its_space()
    {
        Assert.Equal("BANK CHARGES", MapOne("C540271,BANK CHARGES,Bank Charges,-1,1/6/2011 11:51,15,,United Kingdom").Line.StockCode);
    }

    [Fact]
    public void A_price_of_0_001_stays_exactly_0_001_in_the_json()
    {
        var document = MapOne("550193,PADS,PADS TO MATCH ALL CUSHIONS,1,4/15/2011 9:27,0.001,13952,United Kingdom");

        Assert.Equal(0.001m, document.Line.UnitPrice);
        Assert.Contains("\"UnitPrice\":0.001,", InvoiceJsonWriter.ToJson(document.Line));
    }

    [Fact]
    public void Prices_written_short_keep_their_value()
    {
        Assert.Equal(18m, MapOne("536365,X,Y,1,12/1/2010 8:26,18,17850,United Kingdom").Line.UnitPrice);
        Assert.Equal(2.1m, MapOne("536365,X,Y,1,12/1/2010 8:26,2.1,17850,United Kingdom").Line.UnitPrice);
        Assert.Equal(0m, MapOne("536365,X,Y,1,12/1/2010 8:26,0,,United Kingdom").Line.UnitPrice);
    }

    [Fact]
    public void An_empty_CustomerID_becomes_null_and_a_decimal_one_an_integer()
    {
        var none = MapOne("536414,22139,,56,12/1/2010 11:52,0,,United Kingdom");
        var decimalId = MapOne("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom");

        Assert.Null(none.Line.CustomerID);
        Assert.Contains("\"CustomerID\":null", InvoiceJsonWriter.ToJson(none.Line));
        Assert.Equal(17850, decimalId.Line.CustomerID);
    }

    [Fact]
    public void Two_digit_and_four_digit_years_give_the_same_date()
    {
        var twoDigits = MapOne("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/10 8:26,2.55,17850,United Kingdom");
        var fourDigits = MapOne("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom");

        Assert.Equal(fourDigits.Line.InvoiceDate, twoDigits.Line.InvoiceDate);
        Assert.Equal(2010, twoDigits.Line.InvoiceDate.Year);
    }

    [Fact]
    public void The_date_is_read_month_first_so_12_1_2010_is_the_first_of_December()
    {
        var document = MapOne("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom");

        Assert.Equal(12, document.Line.InvoiceDate.Month);
        Assert.Equal(1, document.Line.InvoiceDate.Day);
        Assert.Contains("\"InvoiceDate\":\"2010-12-01T08:26:00\"", InvoiceJsonWriter.ToJson(document.Line));
    }

    [Fact]
    public void Trailing_leading_and_double_spaces_in_a_description_are_kept()
    {
        Assert.Equal(" SET 2 TEA TOWELS  I LOVE LONDON ", MapOne("536365,22114, SET 2 TEA TOWELS  I LOVE LONDON ,6,12/1/2010 8:26,2.95,17850,United Kingdom").Line.Description);
    }

    [Fact]
    public void A_row_becomes_exactly_the_documented_json_document()
    {
        var document = MapOne("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom");

        Assert.Equal(
            "{\"Id\":\"online-retail:1\",\"InvoiceNo\":\"536365\",\"StockCode\":\"85123A\",\"Description\":\"WHITE HANGING HEART T-LIGHT HOLDER\"," +
            "\"Quantity\":6,\"InvoiceDate\":\"2010-12-01T08:26:00\",\"UnitPrice\":2.55,\"CustomerID\":17850,\"Country\":\"United Kingdom\"}",
            InvoiceJsonWriter.ToJson(document.Line));
    }

    [Fact]
    public void Columns_are_found_by_header_name_so_another_order_works()
    {
        var record = Assert.Single(TestData.ReadAll(
            "Country,CustomerID,UnitPrice,InvoiceDate,Quantity,Description,StockCode,InvoiceNo",
            "France,12583,3.75,12/1/2010 8:45,24,ALARM CLOCK BAKELIKE PINK,22728,536370"));

        Assert.Equal("536370", record.InvoiceNo);
        Assert.Equal("France", record.Country);
        Assert.Equal("ALARM CLOCK BAKELIKE PINK", record.Description);
    }

    [Fact]
    public void A_header_without_the_data_set_columns_is_refused_with_the_missing_names()
    {
        using var reader = TestData.Reader("a,b,c", "1,2,3");

        var error = Assert.Throws<InvalidDataFileException>(() => reader.ReadRecords().ToList());
        Assert.Contains("InvoiceNo", error.Message);
        Assert.Contains("Country", error.Message);
    }
}
