using System.Text;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Operations.Redrive;

namespace DocStream.Dashboard.Tests;

/// <summary>How a dead letter's value becomes a document to re-drive: the ingest API's validation, ids kept or derived.</summary>
public class RedriveDocumentReaderTests
{
    private const string SeedJson = """{"Id":"online-retail:2","InvoiceNo":536365,"StockCode":"71053","Description":"WHITE METAL LANTERN","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":3.39,"CustomerID":17850.0,"Country":"United Kingdom"}""";

    private static DeadLetter Letter(byte[] value, string id = "ingestion-topic:3:42") =>
        new(id, "poison", "reason", "ingestion-topic", 3, 42, null, "536365", Encoding.UTF8.GetString(value), DateTime.UnixEpoch)
        {
            ValueBase64 = Convert.ToBase64String(value),
        };

    [Fact]
    public void A_seed_format_document_the_processor_refused_is_read_as_the_API_would_and_keeps_its_id()
    {
        var errors = new Dictionary<string, string[]>();
        var line = RedriveDocumentReader.Read(Letter(Encoding.UTF8.GetBytes(SeedJson)), null, errors);

        Assert.Empty(errors);
        Assert.NotNull(line);
        Assert.Equal(("online-retail:2", "536365", 17850), (line.Id, line.InvoiceNo, line.CustomerID));
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc), line.InvoiceDate);
    }

    [Fact]
    public void A_document_without_an_id_gets_one_derived_from_the_dead_letter_the_same_every_time()
    {
        var withoutId = SeedJson.Replace("\"Id\":\"online-retail:2\",", "", StringComparison.Ordinal);
        var first = RedriveDocumentReader.Read(Letter([]), withoutId, []);
        var second = RedriveDocumentReader.Read(Letter([]), withoutId, []);

        Assert.Equal("dl:ingestion-topic:3:42", first?.Id);
        Assert.Equal(first?.Id, second?.Id);
        Assert.True(InvoiceLineReader.IsValidId(RedriveDocumentReader.DerivedId(new string('x', 200))));
        Assert.Equal(RedriveDocumentReader.DerivedId(new string('x', 200)), RedriveDocumentReader.DerivedId(new string('x', 200)));
    }

    [Fact]
    public void The_exact_bytes_are_validated_so_latin_1_text_fails_as_it_did_instead_of_being_repaired()
    {
        var latin1 = Encoding.Latin1.GetBytes(SeedJson.Replace("WHITE METAL LANTERN", "GIFT VOUCHER £20", StringComparison.Ordinal));
        var errors = new Dictionary<string, string[]>();

        Assert.Null(RedriveDocumentReader.Read(Letter(latin1), null, errors));
        Assert.Contains("UTF-8", Assert.Single(errors).Value[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "$")]
    [InlineData("this is not JSON", "$")]
    [InlineData("""{"Id":"a","InvoiceNo":"1","StockCode":"X","Description":"","Quantity":"six","InvoiceDate":"2010-12-01T08:26:00","UnitPrice":1,"CustomerID":null,"Country":"UK"}""", "Quantity")]
    public void Anything_the_API_would_refuse_is_refused_with_the_field_named(string json, string field)
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Null(RedriveDocumentReader.Read(Letter(Encoding.UTF8.GetBytes(json)), null, errors));
        Assert.Contains(field, errors.Keys);
    }
}
