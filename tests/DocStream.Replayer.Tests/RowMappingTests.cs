using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Tests;

/// <summary>Ids and the lines that cannot become documents.</summary>
public sealed class RowMappingTests
{
    private const string Good1 = "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom";
    private const string Good2 = "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom";
    private const string Good3 = "536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom";

    private static (List<ReplayDocument> Documents, List<UnmappableRow> Unmappable) MapAll(params string[] lines)
    {
        var mapper = new InvoiceRowMapper("online-retail");
        var documents = new List<ReplayDocument>();
        var unmappable = new List<UnmappableRow>();
        foreach (var record in TestData.ReadAll([TestData.Header, .. lines]))
        {
            if (mapper.TryMap(record, out var document, out var bad))
            {
                documents.Add(document);
            }
            else
            {
                unmappable.Add(bad);
            }
        }
        return (documents, unmappable);
    }

    [Fact]
    public void Ids_are_the_file_stem_and_the_data_row_number_and_are_the_same_on_every_read()
    {
        var first = MapAll(Good1, Good2, Good3).Documents.Select(d => d.Line.Id).ToList();
        var second = MapAll(Good1, Good2, Good3).Documents.Select(d => d.Line.Id).ToList();

        Assert.Equal(["online-retail:1", "online-retail:2", "online-retail:3"], first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Identical_rows_still_get_different_ids()
    {
        var ids = MapAll(Good1, Good1, Good1).Documents.Select(d => d.Line.Id).ToList();

        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public void The_file_stem_drops_csv_and_gz_and_is_made_safe_for_an_id()
    {
        Assert.Equal("online-retail", DataFileName.Stem("/x/online-retail.csv.gz"));
        Assert.Equal("online-retail-first-999", DataFileName.Stem("online-retail-first-999.csv"));
        Assert.Equal("Online-Retail", DataFileName.IdPrefix("/data/Online Retail.csv"));
    }

    [Fact]
    public void An_unterminated_quote_costs_only_its_own_line_which_is_reported_with_its_line_number()
    {
        var (documents, unmappable) = MapAll(Good1, "536365,X,\"NEVER CLOSED,6,12/1/2010 8:26,2.55,17850,United Kingdom", Good2, Good3);

        var bad = Assert.Single(unmappable);
        Assert.Equal(2, bad.RowNumber);
        Assert.Equal(3, bad.LineNumber);
        Assert.Contains("quote", bad.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("NEVER CLOSED", bad.CsvLine);
        Assert.Equal(["online-retail:1", "online-retail:3", "online-retail:4"], documents.Select(d => d.Line.Id));
    }

    [Fact]
    public void A_line_with_the_wrong_number_of_fields_is_reported_and_the_rest_goes_through()
    {
        var (documents, unmappable) = MapAll(Good1, "536365,X,ONLY FOUR,6", Good2);

        var bad = Assert.Single(unmappable);
        Assert.Equal(2, bad.RowNumber);
        Assert.Contains("Expected 8 fields, found 4", bad.Reason);
        Assert.Equal(2, documents.Count);
        Assert.Equal("online-retail:3", documents[1].Line.Id);
    }

    [Fact]
    public void A_bad_date_and_a_non_numeric_quantity_are_both_named()
    {
        var (documents, unmappable) = MapAll(Good1, "536365,X,BAD,six,13/45/2010 8:26,2.55,17850,United Kingdom", Good2);

        var bad = Assert.Single(unmappable);
        Assert.Equal(3, bad.LineNumber);
        Assert.Contains("Quantity 'six'", bad.Reason);
        Assert.Contains("InvoiceDate", bad.Reason);
        Assert.Contains("13/45/2010 8:26", bad.Reason);
        Assert.Equal(2, documents.Count);
    }

    [Fact]
    public void A_day_first_date_that_cannot_be_month_first_is_refused_not_guessed()
    {
        var (_, unmappable) = MapAll("536365,X,Y,1,25/12/2010 8:26,2.55,17850,United Kingdom");

        Assert.Contains("month first", Assert.Single(unmappable).Reason);
    }

    [Fact]
    public void A_stray_quote_inside_an_unquoted_field_is_reported()
    {
        var (documents, unmappable) = MapAll(Good1, "536365,X,ab\"c,6,12/1/2010 8:26,2.55,17850,United Kingdom", Good2);

        Assert.Equal(2, Assert.Single(unmappable).RowNumber);
        Assert.Equal(2, documents.Count);
    }
}
