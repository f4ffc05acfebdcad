using System.Diagnostics;
using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>
/// Every analytics figure in one aggregation: a <c>$facet</c> whose branches group the same single scan of the
/// collection. Only stages and operators the project's MongoDB emulator supports are used. There is no leading
/// <c>$project</c>: MongoDB works out the fields the branches need by itself, and on the emulator copying every
/// line through a <c>$project</c> tripled the time of a recomputation over the full data set (about 3 s instead of
/// 1 s; bench/dashboard.sh, docs/benchmarks.md).
/// </summary>
public sealed class AnalyticsQueries(IMongoDatabase database, TimeProvider time) : IAnalyticsQueries
{
    public const int TopProducts = 10;

    private readonly IMongoCollection<BsonDocument> _lines = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);

    public async Task<AnalyticsSnapshot> ComputeAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var options = new AggregateOptions { AllowDiskUse = true };
        var result = await _lines.Aggregate<BsonDocument>(Pipeline(), options, cancellationToken).FirstOrDefaultAsync(cancellationToken)
            ?? new BsonDocument();
        return Read(result, time.GetUtcNow().UtcDateTime, Stopwatch.GetElapsedTime(started));
    }

    public static BsonDocument[] Pipeline()
    {
        static BsonDocument Sum(BsonValue v) => new("$sum", v);
        static BsonDocument IfCancelled(BsonValue then, BsonValue otherwise) =>
            new("$cond", new BsonArray { "$IsCancellation", then, otherwise });
        static BsonDocument GroupFigures(BsonValue id) => new()
        {
            { "_id", id },
            { "revenue", Sum("$LineTotal") },
            { "quantity", Sum("$Quantity") },
            { "lines", Sum(1) },
        };
        static BsonDocument ByDate(string format) =>
            new("$dateToString", new BsonDocument { { "format", format }, { "date", "$InvoiceDate" } });
        BsonDocument ProductGroup()
        {
            var g = GroupFigures("$StockCode");
            // $max: a non-empty description wins over the empty ones some lines have.
            g.Add("label", new BsonDocument("$max", "$Description"));
            return new BsonDocument("$group", g);
        }

        var facet = new BsonDocument
        {
            { "totals", new BsonArray
                {
                    new BsonDocument("$group", new BsonDocument
                    {
                        { "_id", BsonNull.Value },
                        { "lines", Sum(1) },
                        { "quantity", Sum("$Quantity") },
                        { "net", Sum("$LineTotal") },
                        { "gross", Sum(IfCancelled(0, "$LineTotal")) },
                        { "cancelledValue", Sum(IfCancelled("$LineTotal", 0)) },
                        { "cancelledLines", Sum(IfCancelled(1, 0)) },
                    }),
                }
            },
            { "invoices", new BsonArray
                {
                    new BsonDocument("$group", new BsonDocument { { "_id", "$InvoiceNo" }, { "c", new BsonDocument("$first", "$IsCancellation") } }),
                    new BsonDocument("$group", new BsonDocument
                    {
                        { "_id", BsonNull.Value },
                        { "invoices", Sum(1) },
                        { "cancelled", Sum(new BsonDocument("$cond", new BsonArray { "$c", 1, 0 })) },
                    }),
                }
            },
            { "customers", new BsonArray
                {
                    new BsonDocument("$match", new BsonDocument("CustomerID", new BsonDocument("$ne", BsonNull.Value))),
                    new BsonDocument("$group", new BsonDocument("_id", "$CustomerID")),
                    new BsonDocument("$count", "n"),
                }
            },
            { "countries", new BsonArray
                {
                    new BsonDocument("$group", GroupFigures("$Country")),
                    new BsonDocument("$sort", new BsonDocument { { "revenue", -1 }, { "_id", 1 } }),
                }
            },
            { "byRevenue", new BsonArray
                {
                    ProductGroup(),
                    new BsonDocument("$sort", new BsonDocument { { "revenue", -1 }, { "_id", 1 } }),
                    new BsonDocument("$limit", TopProducts),
                }
            },
            { "byQuantity", new BsonArray
                {
                    ProductGroup(),
                    new BsonDocument("$sort", new BsonDocument { { "quantity", -1 }, { "_id", 1 } }),
                    new BsonDocument("$limit", TopProducts),
                }
            },
            { "byDay", new BsonArray
                {
                    new BsonDocument("$group", GroupFigures(ByDate("%Y-%m-%d"))),
                    new BsonDocument("$sort", new BsonDocument("_id", 1)),
                }
            },
            { "byMonth", new BsonArray
                {
                    new BsonDocument("$group", GroupFigures(ByDate("%Y-%m"))),
                    new BsonDocument("$sort", new BsonDocument("_id", 1)),
                }
            },
        };

        return [new BsonDocument("$facet", facet)];
    }

    public static AnalyticsSnapshot Read(BsonDocument result, DateTime computedAt, TimeSpan duration)
    {
        BsonDocument First(string facet) =>
            result.Get(facet) is BsonArray { Count: > 0 } a && a[0] is BsonDocument d ? d : new BsonDocument();
        IReadOnlyList<GroupFigure> List(string facet, Func<BsonDocument, string>? label = null) =>
            result.Get(facet) is BsonArray a
                ? a.OfType<BsonDocument>().Select(d =>
                {
                    var key = BsonRead.String(d.Get("_id")) ?? "(none)";
                    return new GroupFigure(key, label?.Invoke(d) ?? key, BsonRead.Decimal(d.Get("revenue")),
                        BsonRead.Long(d.Get("quantity")), BsonRead.Long(d.Get("lines")));
                }).ToList()
                : [];
        static string ProductLabel(BsonDocument d)
        {
            var code = BsonRead.String(d.Get("_id")) ?? "";
            var description = BsonRead.String(d.Get("label"))?.Trim();
            return string.IsNullOrEmpty(description) ? code : $"{description} ({code})";
        }

        var totals = First("totals");
        var invoices = First("invoices");
        return new AnalyticsSnapshot
        {
            ComputedAt = computedAt,
            Duration = duration,
            TotalLines = BsonRead.Long(totals.Get("lines")),
            TotalQuantity = BsonRead.Long(totals.Get("quantity")),
            NetRevenue = BsonRead.Decimal(totals.Get("net")),
            GrossSales = BsonRead.Decimal(totals.Get("gross")),
            CancelledValue = BsonRead.Decimal(totals.Get("cancelledValue")),
            CancelledLines = BsonRead.Long(totals.Get("cancelledLines")),
            DistinctInvoices = BsonRead.Long(invoices.Get("invoices")),
            CancelledInvoices = BsonRead.Long(invoices.Get("cancelled")),
            DistinctCustomers = BsonRead.Long(First("customers").Get("n")),
            RevenueByCountry = List("countries"),
            TopProductsByRevenue = List("byRevenue", ProductLabel),
            TopProductsByQuantity = List("byQuantity", ProductLabel),
            RevenueByDay = List("byDay"),
            RevenueByMonth = List("byMonth"),
        };
    }
}
