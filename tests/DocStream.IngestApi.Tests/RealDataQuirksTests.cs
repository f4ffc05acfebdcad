using System.Net;
using System.Net.Http.Json;
using System.Text;
using DocStream.Contracts;
using DocStream.IngestApi.Tests.Infrastructure;

namespace DocStream.IngestApi.Tests;

/// <summary>
/// Every oddity of the real data set is accepted, and what reaches Kafka (read back from the topic) holds
/// the values the row meant: month-first dates, exact prices, text kept as sent.
/// </summary>
[Collection(IngestApiCollection.Name)]
public sealed class RealDataQuirksTests(IngestApiHost host)
{
    /// <summary>A row as a client sends it, and what the stored document must say.</summary>
    public sealed record Quirk(string Json, string InvoiceNo, string StockCode, string Description, int Quantity,
        DateTime InvoiceDate, decimal UnitPrice, int? CustomerID, string Country);

    private static DateTime At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static TheoryData<string, Quirk> Quirks() => new()
    {
        {
            "cancellation C536379",
            new("""{"InvoiceNo":"C536379","StockCode":"D","Description":"Discount","Quantity":-1,"InvoiceDate":"12/1/2010 9:41","UnitPrice":27.5,"CustomerID":14527,"Country":"United Kingdom"}""",
                "C536379", "D", "Discount", -1, At(2010, 12, 1, 9, 41), 27.5m, 14527, "United Kingdom")
        },
        {
            "bad-debt adjustment A563185 without CustomerID",
            new("""{"InvoiceNo":"A563185","StockCode":"B","Description":"Adjust bad debt","Quantity":1,"InvoiceDate":"8/12/2011 14:50","UnitPrice":11062.06,"Country":"United Kingdom"}""",
                "A563185", "B", "Adjust bad debt", 1, At(2011, 8, 12, 14, 50), 11062.06m, null, "United Kingdom")
        },
        {
            "numeric InvoiceNo 536365 (seed clients)",
            new("""{"InvoiceNo":536365,"StockCode":"85123A","Description":"WHITE HANGING HEART T-LIGHT HOLDER","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":2.55,"CustomerID":17850,"Country":"United Kingdom"}""",
                "536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, At(2010, 12, 1, 8, 26), 2.55m, 17850, "United Kingdom")
        },
        {
            "CustomerID null",
            new("""{"InvoiceNo":"536414","StockCode":"22139","Description":"","Quantity":56,"InvoiceDate":"12/1/2010 11:52","UnitPrice":0,"CustomerID":null,"Country":"United Kingdom"}""",
                "536414", "22139", "", 56, At(2010, 12, 1, 11, 52), 0m, null, "United Kingdom")
        },
        {
            "CustomerID missing",
            new("""{"InvoiceNo":"536544","StockCode":"21773","Description":"DECORATIVE ROSE BATHROOM BOTTLE","Quantity":1,"InvoiceDate":"12/1/2010 14:32","UnitPrice":2.51,"Country":"United Kingdom"}""",
                "536544", "21773", "DECORATIVE ROSE BATHROOM BOTTLE", 1, At(2010, 12, 1, 14, 32), 2.51m, null, "United Kingdom")
        },
        {
            "CustomerID 17850.0 (float export)",
            new("""{"InvoiceNo":"536365","StockCode":"71053","Description":"WHITE METAL LANTERN","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":3.39,"CustomerID":17850.0,"Country":"United Kingdom"}""",
                "536365", "71053", "WHITE METAL LANTERN", 6, At(2010, 12, 1, 8, 26), 3.39m, 17850, "United Kingdom")
        },
        {
            "CustomerID \"17850.0\" as text",
            new("""{"InvoiceNo":"536365","StockCode":"71053","Description":"WHITE METAL LANTERN","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":3.39,"CustomerID":"17850.0","Country":"United Kingdom"}""",
                "536365", "71053", "WHITE METAL LANTERN", 6, At(2010, 12, 1, 8, 26), 3.39m, 17850, "United Kingdom")
        },
        {
            "negative Quantity (return)",
            new("""{"InvoiceNo":"C536383","StockCode":"35004C","Description":"SET OF 3 COLOURED  FLYING DUCKS","Quantity":-1,"InvoiceDate":"12/1/2010 9:49","UnitPrice":4.65,"CustomerID":15311,"Country":"United Kingdom"}""",
                "C536383", "35004C", "SET OF 3 COLOURED  FLYING DUCKS", -1, At(2010, 12, 1, 9, 49), 4.65m, 15311, "United Kingdom")
        },
        {
            "UnitPrice 0 and empty Description",
            new("""{"InvoiceNo":"536414","StockCode":"22139","Description":"","Quantity":56,"InvoiceDate":"12/1/2010 11:52","UnitPrice":0,"Country":"United Kingdom"}""",
                "536414", "22139", "", 56, At(2010, 12, 1, 11, 52), 0m, null, "United Kingdom")
        },
        {
            "negative UnitPrice",
            new("""{"InvoiceNo":"A563186","StockCode":"B","Description":"Adjust bad debt","Quantity":1,"InvoiceDate":"8/12/2011 14:51","UnitPrice":-11062.06,"Country":"United Kingdom"}""",
                "A563186", "B", "Adjust bad debt", 1, At(2011, 8, 12, 14, 51), -11062.06m, null, "United Kingdom")
        },
        {
            "UnitPrice 0.001",
            new("""{"InvoiceNo":"547417","StockCode":"PADS","Description":"PADS TO MATCH ALL CUSHIONS","Quantity":1,"InvoiceDate":"3/23/2011 10:52","UnitPrice":0.001,"CustomerID":13952,"Country":"United Kingdom"}""",
                "547417", "PADS", "PADS TO MATCH ALL CUSHIONS", 1, At(2011, 3, 23, 10, 52), 0.001m, 13952, "United Kingdom")
        },
        {
            "StockCode POST",
            new("""{"InvoiceNo":"536370","StockCode":"POST","Description":"POSTAGE","Quantity":3,"InvoiceDate":"12/1/2010 8:45","UnitPrice":18,"CustomerID":12583,"Country":"France"}""",
                "536370", "POST", "POSTAGE", 3, At(2010, 12, 1, 8, 45), 18m, 12583, "France")
        },
        {
            "StockCode BANK CHARGES",
            new("""{"InvoiceNo":"537204","StockCode":"BANK CHARGES","Description":"Bank Charges","Quantity":1,"InvoiceDate":"12/5/2010 14:03","UnitPrice":15,"CustomerID":15602,"Country":"United Kingdom"}""",
                "537204", "BANK CHARGES", "Bank Charges", 1, At(2010, 12, 5, 14, 3), 15m, 15602, "United Kingdom")
        },
        {
            "quotes, commas and the pound sign in Description",
            new("""{"InvoiceNo":"537226","StockCode":"22966","Description":"RECORD FRAME 7\" SINGLE SIZE , Gift Voucher £20.00 ","Quantity":6,"InvoiceDate":"12/6/2010 8:34","UnitPrice":2.55,"CustomerID":15987,"Country":"United Kingdom"}""",
                "537226", "22966", "RECORD FRAME 7\" SINGLE SIZE , Gift Voucher £20.00 ", 6, At(2010, 12, 6, 8, 34), 2.55m, 15987, "United Kingdom")
        },
        {
            "two-digit year 12/1/10 8:26",
            new("""{"InvoiceNo":"536365","StockCode":"84406B","Description":"CREAM CUPID HEARTS COAT HANGER","Quantity":8,"InvoiceDate":"12/1/10 8:26","UnitPrice":2.75,"CustomerID":17850,"Country":"United Kingdom"}""",
                "536365", "84406B", "CREAM CUPID HEARTS COAT HANGER", 8, At(2010, 12, 1, 8, 26), 2.75m, 17850, "United Kingdom")
        },
        {
            "month-first date 2/1/2011 is 1 February",
            new("""{"InvoiceNo":"542806","StockCode":"22423","Description":"REGENCY CAKESTAND 3 TIER","Quantity":2,"InvoiceDate":"2/1/2011 11:19","UnitPrice":12.75,"CustomerID":12748,"Country":"United Kingdom"}""",
                "542806", "22423", "REGENCY CAKESTAND 3 TIER", 2, At(2011, 2, 1, 11, 19), 12.75m, 12748, "United Kingdom")
        },
        {
            "ISO date without zone",
            new("""{"InvoiceNo":"581587","StockCode":"22613","Description":"PACK OF 20 SPACEBOY NAPKINS","Quantity":12,"InvoiceDate":"2011-12-09T12:50:00","UnitPrice":0.85,"CustomerID":12680,"Country":"France"}""",
                "581587", "22613", "PACK OF 20 SPACEBOY NAPKINS", 12, At(2011, 12, 9, 12, 50), 0.85m, 12680, "France")
        },
        {
            "ISO date in UTC with a space",
            new("""{"InvoiceNo":"581587","StockCode":"23256","Description":"CHILDRENS CUTLERY SPACEBOY","Quantity":4,"InvoiceDate":"2011-12-09 12:50","UnitPrice":4.15,"CustomerID":12680,"Country":"France"}""",
                "581587", "23256", "CHILDRENS CUTLERY SPACEBOY", 4, At(2011, 12, 9, 12, 50), 4.15m, 12680, "France")
        },
        {
            "ISO date with an offset",
            new("""{"InvoiceNo":"581587","StockCode":"22138","Description":"BAKING SET 9 PIECE RETROSPOT","Quantity":3,"InvoiceDate":"2011-12-09T13:50:00+01:00","UnitPrice":4.95,"CustomerID":12680,"Country":"France"}""",
                "581587", "22138", "BAKING SET 9 PIECE RETROSPOT", 3, At(2011, 12, 9, 12, 50), 4.95m, 12680, "France")
        },
    };

    [Theory]
    [MemberData(nameof(Quirks))]
    public async Task Accepts_a_real_row_and_stores_the_values_it_means(string quirk, Quirk row)
    {
        using var client = host.CreateClient();
        var id = RealRows.NewId("quirk");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/invoices")
        {
            Content = new StringContent(row.Json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", id);

        using var response = await client.SendAsync(request);

        Assert.True(HttpStatusCode.Created == response.StatusCode, $"{quirk}: {await response.Content.ReadAsStringAsync()}");
        var answered = await response.Content.ReadFromJsonAsync<InvoiceLine>();
        Assert.NotNull(answered);
        AssertLine(quirk, id, row, answered);

        var stored = Assert.Single(host.Reader().ReadIds([id]));
        Assert.Equal(row.InvoiceNo, stored.Key); // partition key: the invoice's lines stay together
        AssertLine(quirk, id, row, stored.Line);
        Assert.NotNull(stored.TraceParent); // trace context travels to the processor
    }

    [Fact]
    public async Task The_seed_route_accepts_a_real_row_and_returns_the_stored_document_with_its_id()
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/invoiceitem", RealRows.First());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answered = await response.Content.ReadFromJsonAsync<InvoiceLine>();
        Assert.NotNull(answered);
        Assert.StartsWith("api-", answered.Id);
        Assert.Equal(At(2010, 12, 1, 8, 26), answered.InvoiceDate);
        var stored = Assert.Single(host.Reader().ReadIds([answered.Id]));
        Assert.Equal(answered, stored.Line);
    }

    private static void AssertLine(string quirk, string id, Quirk expected, InvoiceLine actual)
    {
        var because = $"{quirk}: {actual}";
        Assert.True(id == actual.Id, because);
        Assert.True(expected.InvoiceNo == actual.InvoiceNo, because);
        Assert.True(expected.StockCode == actual.StockCode, because);
        Assert.True(expected.Description == actual.Description, because);
        Assert.True(expected.Quantity == actual.Quantity, because);
        Assert.True(expected.InvoiceDate == actual.InvoiceDate, because);
        Assert.True(DateTimeKind.Utc == actual.InvoiceDate.Kind, because);
        Assert.True(expected.UnitPrice == actual.UnitPrice, because);
        Assert.True(expected.CustomerID == actual.CustomerID, because);
        Assert.True(expected.Country == actual.Country, because);
        Assert.True(expected.InvoiceNo.StartsWith('C') == actual.IsCancellation, because);
    }
}
