using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

public sealed class AggregationTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;
    private IMongoCollection<BsonDocument> _lines = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _lines = _host.Database().GetCollection<BsonDocument>("lines");
        var day = new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc);
        await _lines.InsertManyAsync([
            Line(1, "A", "C1", 0.10m, 3, day, "UK"),
            Line(2, "A", "C1", 0.20m, 1, day, "UK"),
            Line(3, "B", "C2", 1.15m, 2, day.AddDays(1), "France"),
            Line(4, "C", "C1", 2.55m, 6, day.AddMonths(1), "UK"),
            Line(5, "D", null, 0.85m, 10, day.AddMonths(1).AddHours(3), "Spain"),
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static BsonDocument Line(int id, string invoice, string? customer, decimal price, int qty, DateTime date, string country) => new()
    {
        { "_id", id },
        { "InvoiceNo", invoice },
        { "CustomerID", customer is null ? BsonNull.Value : customer },
        { "UnitPrice", new Decimal128(price) },
        { "Quantity", qty },
        { "InvoiceDate", date },
        { "Country", country },
        { "Tags", new BsonArray { country, invoice } },
    };

    private async Task<List<BsonDocument>> Run(params BsonDocument[] stages) =>
        await (await _lines.AggregateAsync<BsonDocument>(stages)).ToListAsync();

    [Fact]
    public async Task Groups_matched_lines_and_sums_decimal_prices_exactly()
    {
        var result = await Run(
            new BsonDocument("$match", new BsonDocument("Country", "UK")),
            new BsonDocument("$group", new BsonDocument
            {
                { "_id", "$CustomerID" },
                { "total", new BsonDocument("$sum", "$UnitPrice") },
                { "revenue", new BsonDocument("$sum", new BsonDocument("$multiply", new BsonArray { "$UnitPrice", "$Quantity" })) },
                { "lines", new BsonDocument("$sum", 1) },
                { "avgQty", new BsonDocument("$avg", "$Quantity") },
                { "invoices", new BsonDocument("$addToSet", "$InvoiceNo") },
                { "first", new BsonDocument("$first", "$InvoiceNo") },
                { "maxPrice", new BsonDocument("$max", "$UnitPrice") },
            }),
            new BsonDocument("$sort", new BsonDocument("total", -1)));

        var c1 = Assert.Single(result);
        Assert.Equal("C1", c1["_id"].AsString);
        Assert.Equal(BsonType.Decimal128, c1["total"].BsonType);
        Assert.Equal(2.85m, Decimal128.ToDecimal(c1["total"].AsDecimal128));
        Assert.Equal(15.80m, Decimal128.ToDecimal(c1["revenue"].AsDecimal128));
        Assert.Equal(3, c1["lines"].AsInt32);
        Assert.Equal(10.0 / 3, c1["avgQty"].AsDouble, 10);
        Assert.Equal(2, c1["invoices"].AsBsonArray.Count);
        Assert.Equal("A", c1["first"].AsString);
        Assert.Equal(new Decimal128(2.55m), c1["maxPrice"].AsDecimal128);
    }

    [Fact]
    public async Task Buckets_revenue_by_month_with_date_expressions()
    {
        var result = await Run(
            new BsonDocument("$group", new BsonDocument
            {
                { "_id", new BsonDocument("$dateToString", new BsonDocument { { "format", "%Y-%m" }, { "date", "$InvoiceDate" } }) },
                { "day", new BsonDocument("$min", new BsonDocument("$dateTrunc", new BsonDocument { { "date", "$InvoiceDate" }, { "unit", "month" } })) },
                { "year", new BsonDocument("$first", new BsonDocument("$year", "$InvoiceDate")) },
                { "n", new BsonDocument("$count", new BsonDocument()) },
            }),
            new BsonDocument("$sort", new BsonDocument("_id", 1)));

        Assert.Equal(["2010-12", "2011-01"], result.Select(d => d["_id"].AsString));
        Assert.Equal(new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc), result[1]["day"].ToUniversalTime());
        Assert.Equal(2010, result[0]["year"].AsInt32);
        Assert.Equal([3, 2], result.Select(d => d["n"].AsInt32));
    }

    [Fact]
    public async Task Projects_computed_fields_with_conditions_strings_and_null_handling()
    {
        var result = await Run(
            new BsonDocument("$sort", new BsonDocument("_id", 1)),
            new BsonDocument("$project", new BsonDocument
            {
                { "customer", new BsonDocument("$ifNull", new BsonArray { "$CustomerID", "guest" }) },
                { "size", new BsonDocument("$cond", new BsonArray { new BsonDocument("$gte", new BsonArray { "$Quantity", 5 }), "big", "small" }) },
                { "label", new BsonDocument("$substrCP", new BsonArray { new BsonDocument("$toString", "$UnitPrice"), 0, 3 }) },
                { "day", new BsonDocument("$dateToString", new BsonDocument { { "format", "%d/%m/%Y %H:%M:%S" }, { "date", "$InvoiceDate" } }) },
                { "half", new BsonDocument("$divide", new BsonArray { "$Quantity", 2 }) },
            }),
            new BsonDocument("$addFields", new BsonDocument("flag", new BsonDocument("$and", new BsonArray { new BsonDocument("$eq", new BsonArray { "$size", "big" }), new BsonDocument("$ne", new BsonArray { "$customer", "guest" }) }))),
            new BsonDocument("$skip", 3),
            new BsonDocument("$limit", 2));

        Assert.Equal(2, result.Count);
        Assert.Equal("C1", result[0]["customer"].AsString);
        Assert.Equal("guest", result[1]["customer"].AsString);
        Assert.Equal("big", result[0]["size"].AsString);
        Assert.True(result[0]["flag"].AsBoolean);
        Assert.False(result[1]["flag"].AsBoolean);
        Assert.Equal("2.5", result[0]["label"].AsString);
        Assert.Equal("01/01/2011 08:26:00", result[0]["day"].AsString);
        Assert.Equal(3.0, result[0]["half"].AsDouble);
    }

    [Fact]
    public async Task Unwinds_counts_and_runs_facets_with_sort_by_count()
    {
        var result = await Run(
            new BsonDocument("$unwind", "$Tags"),
            new BsonDocument("$facet", new BsonDocument
            {
                { "byTag", new BsonArray { new BsonDocument("$sortByCount", "$Tags"), new BsonDocument("$limit", 1) } },
                { "total", new BsonArray { new BsonDocument("$count", "n") } },
            }));

        var facet = Assert.Single(result);
        Assert.Equal("UK", facet["byTag"][0]["_id"].AsString);
        Assert.Equal(3, facet["byTag"][0]["count"].AsInt32);
        Assert.Equal(10, facet["total"][0]["n"].AsInt32);
    }

    [Fact]
    public async Task Counts_documents_through_the_driver_aggregate_path()
    {
        var count = await _lines.CountDocumentsAsync(Builders<BsonDocument>.Filter.Gt("Quantity", 2));

        Assert.Equal(3, count);
    }
}
