using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

/// <summary>
/// Pipelines over many documents, where the emulator remembers what it computed for the previous ones
/// (formatted dates, field positions): every document must still get its own exact answer.
/// </summary>
public sealed class RepeatedShapeAggregationTests
{
    [Fact]
    public async Task Formats_every_date_exactly_even_when_thousands_of_dates_share_the_remembered_slots()
    {
        await using var host = await EmulatorHost.StartAsync();
        var lines = host.Database().GetCollection<BsonDocument>("lines");
        var start = new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc);
        // 5,000 distinct dates (far more than the cache holds) and each date on two consecutive lines.
        var dates = Enumerable.Range(0, 10_000).Select(i => start.AddMinutes(i / 2 * 37).AddMilliseconds(i % 7)).ToList();
        await lines.InsertManyAsync(dates.Select((d, i) => new BsonDocument { { "_id", i }, { "at", d } }));

        var result = await (await lines.AggregateAsync<BsonDocument>(new[]
        {
            new BsonDocument("$sort", new BsonDocument("_id", 1)),
            new BsonDocument("$project", new BsonDocument
            {
                { "day", new BsonDocument("$dateToString", new BsonDocument { { "format", "%Y-%m-%d" }, { "date", "$at" } }) },
                { "full", new BsonDocument("$dateToString", new BsonDocument { { "format", "%Y-%m-%dT%H:%M:%S.%L" }, { "date", "$at" } }) },
                { "zoned", new BsonDocument("$dateToString", new BsonDocument { { "format", "%H:%M" }, { "date", "$at" }, { "timezone", "+02:30" } }) },
            }),
        })).ToListAsync();

        Assert.Equal(dates.Count, result.Count);
        for (var i = 0; i < dates.Count; i++)
        {
            Assert.Equal(dates[i].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), result[i]["day"].AsString);
            Assert.Equal(dates[i].ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture), result[i]["full"].AsString);
            Assert.Equal(dates[i].AddMinutes(150).ToString("HH:mm", CultureInfo.InvariantCulture), result[i]["zoned"].AsString);
        }
    }

    [Fact]
    public async Task Reads_a_field_wherever_each_document_holds_it()
    {
        await using var host = await EmulatorHost.StartAsync();
        var lines = host.Database().GetCollection<BsonDocument>("lines");
        // The same field at different positions, and missing from some documents, in an interleaved order.
        var docs = Enumerable.Range(0, 300).Select(i => (i % 3) switch
        {
            0 => new BsonDocument { { "_id", i }, { "qty", i }, { "x", 1 } },
            1 => new BsonDocument { { "_id", i }, { "x", 1 }, { "y", 2 }, { "qty", i } },
            _ => new BsonDocument { { "_id", i }, { "x", 1 } },
        }).ToList();
        await lines.InsertManyAsync(docs);

        var result = await (await lines.AggregateAsync<BsonDocument>(new[]
        {
            new BsonDocument("$sort", new BsonDocument("_id", 1)),
            new BsonDocument("$project", new BsonDocument("q", new BsonDocument("$ifNull", new BsonArray { "$qty", -1 }))),
        })).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 300).Select(i => i % 3 == 2 ? -1 : i), result.Select(d => d["q"].ToInt32()));
    }

    [Fact]
    public async Task A_facet_answers_each_branch_as_the_branch_alone_would()
    {
        await using var host = await EmulatorHost.StartAsync();
        var lines = host.Database().GetCollection<BsonDocument>("lines");
        var start = new DateTime(2011, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await lines.InsertManyAsync(Enumerable.Range(0, 2_000).Select(i => new BsonDocument
        {
            { "_id", i }, { "InvoiceNo", $"{(i % 5 == 0 ? "C" : "")}{i / 4}" }, { "StockCode", $"S{i % 37}" },
            { "Quantity", i % 11 - 2 }, { "LineTotal", new Decimal128((i % 13) * 1.25m) }, { "IsCancellation", i % 5 == 0 },
            { "CustomerID", i % 7 == 0 ? BsonNull.Value : (BsonValue)(i % 50) }, { "InvoiceDate", start.AddHours(i * 5) },
        }));
        BsonDocument Group(BsonValue id) => new("$group", new BsonDocument
        {
            { "_id", id }, { "revenue", new BsonDocument("$sum", "$LineTotal") }, { "quantity", new BsonDocument("$sum", "$Quantity") },
            { "first", new BsonDocument("$first", "$InvoiceNo") }, { "codes", new BsonDocument("$addToSet", "$StockCode") },
        });
        var branches = new BsonDocument
        {
            { "byCode", new BsonArray { Group("$StockCode"), new BsonDocument("$sort", new BsonDocument { { "revenue", -1 }, { "_id", 1 } }), new BsonDocument("$limit", 5) } },
            { "byDay", new BsonArray { Group(new BsonDocument("$dateToString", new BsonDocument { { "format", "%Y-%m-%d" }, { "date", "$InvoiceDate" } })) } },
            { "all", new BsonArray { Group(BsonNull.Value) } },
            { "customers", new BsonArray { new BsonDocument("$match", new BsonDocument("CustomerID", new BsonDocument("$ne", BsonNull.Value))), new BsonDocument("$group", new BsonDocument("_id", "$CustomerID")), new BsonDocument("$count", "n") } },
            { "invoices", new BsonArray { new BsonDocument("$group", new BsonDocument { { "_id", "$InvoiceNo" }, { "c", new BsonDocument("$first", "$IsCancellation") } }), new BsonDocument("$sortByCount", "$c") } },
            { "everything", new BsonArray() },
        };

        var facet = Assert.Single(await (await lines.AggregateAsync<BsonDocument>(new[] { new BsonDocument("$facet", branches) })).ToListAsync());

        foreach (var branch in branches)
        {
            var stages = branch.Value.AsBsonArray.Select(s => s.AsBsonDocument).ToArray();
            var alone = stages.Length == 0
                ? await (await lines.FindAsync(FilterDefinition<BsonDocument>.Empty)).ToListAsync()
                : await (await lines.AggregateAsync<BsonDocument>(stages)).ToListAsync();
            Assert.Equal(new BsonArray(alone), facet[branch.Name].AsBsonArray);
        }
    }
}
