using System.Text.Json.Nodes;

namespace DocStream.IngestApi.Tests.Infrastructure;

/// <summary>Rows of the real data set (shared/data) written as the JSON clients send.</summary>
public static class RealRows
{
    /// <summary>The data set's first row: <c>536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom</c>.</summary>
    public static JsonObject First() => new()
    {
        ["InvoiceNo"] = "536365",
        ["StockCode"] = "85123A",
        ["Description"] = "WHITE HANGING HEART T-LIGHT HOLDER",
        ["Quantity"] = 6,
        ["InvoiceDate"] = "12/1/2010 8:26",
        ["UnitPrice"] = 2.55m,
        ["CustomerID"] = 17850,
        ["Country"] = "United Kingdom",
    };

    /// <summary>The first row with one field replaced (or removed when <paramref name="value"/> is <see cref="Missing"/>).</summary>
    public static JsonObject With(string field, JsonNode? value)
    {
        var row = First();
        if (ReferenceEquals(value, Missing))
        {
            row.Remove(field);
        }
        else
        {
            row[field] = value;
        }
        return row;
    }

    /// <summary>Marker for <see cref="With"/>: remove the field.</summary>
    public static readonly JsonNode Missing = JsonValue.Create("<missing>")!;

    /// <summary>A unique document id for one test run.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
