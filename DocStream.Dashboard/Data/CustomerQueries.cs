using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary><c>$match {CustomerID}</c> (indexed) then <c>$group</c> by InvoiceNo.</summary>
public sealed class CustomerQueries(IMongoDatabase database) : ICustomerQueries
{
    private readonly IMongoCollection<BsonDocument> _lines = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);

    public async Task<CustomerSummary> GetCustomerAsync(int customerId, CancellationToken cancellationToken = default)
    {
        var pipeline = new[]
        {
            new BsonDocument("$match", new BsonDocument(nameof(InvoiceLine.CustomerID), customerId)),
            new BsonDocument("$group", new BsonDocument
            {
                { "_id", "$InvoiceNo" },
                { "date", new BsonDocument("$min", "$InvoiceDate") },
                { "lines", new BsonDocument("$sum", 1) },
                { "total", new BsonDocument("$sum", "$LineTotal") },
                { "country", new BsonDocument("$first", "$Country") },
            }),
            new BsonDocument("$sort", new BsonDocument { { "date", -1 }, { "_id", -1 } }),
        };
        var groups = await _lines.Aggregate<BsonDocument>(pipeline, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        var invoices = groups.Select(g =>
        {
            var no = BsonRead.String(g.Get("_id")) ?? "";
            return new CustomerInvoice(no, BsonRead.Date(g.Get("date")), (int)BsonRead.Long(g.Get("lines")),
                BsonRead.Decimal(g.Get("total")), no.StartsWith('C'));
        }).ToList();
        var country = groups.Select(g => BsonRead.String(g.Get("country"))).FirstOrDefault(c => c is not null);
        return new CustomerSummary(customerId, country, invoices);
    }
}
