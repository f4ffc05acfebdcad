using System.Text.RegularExpressions;
using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>
/// Server-side paging over all lines. Sorts only on indexed fields (or <c>_id</c>), single-field so the index
/// serves the sort; without a filter the total is the collection's estimated count (no scan); with a filter
/// the count stops at <see cref="CountCap"/>.
/// </summary>
public sealed class LineQueries(IMongoDatabase database) : ILineQueries
{
    public const int CountCap = 100_000;
    public const int MaxPageSize = 500;

    private readonly IMongoCollection<InvoiceLine> _lines = database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);

    public async Task<LinePage> GetLinesAsync(LineFilter filter, LineSort sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        skip = Math.Max(0, skip);
        var mongoFilter = BuildFilter(filter);
        var items = await _lines.Find(mongoFilter)
            .Sort(BuildSort(sort))
            .Skip(skip)
            .Limit(take)
            .ToListAsync(cancellationToken);

        if (filter.IsEmpty)
        {
            var total = await _lines.EstimatedDocumentCountAsync(cancellationToken: cancellationToken);
            return new LinePage(items, total);
        }
        var count = await _lines.CountDocumentsAsync(mongoFilter, new CountOptions { Limit = CountCap }, cancellationToken);
        return new LinePage(items, count, count >= CountCap);
    }

    public static FilterDefinition<InvoiceLine> BuildFilter(LineFilter filter)
    {
        var f = Builders<InvoiceLine>.Filter;
        var parts = new List<FilterDefinition<InvoiceLine>>();
        if (!string.IsNullOrWhiteSpace(filter.Country))
        {
            parts.Add(f.Eq(l => l.Country, filter.Country));
        }
        if (filter.From is { } from)
        {
            parts.Add(f.Gte(l => l.InvoiceDate, DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)));
        }
        if (filter.To is { } to)
        {
            parts.Add(f.Lt(l => l.InvoiceDate, DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc)));
        }
        if (filter.CancellationsOnly)
        {
            parts.Add(f.Eq(nameof(InvoiceLine.IsCancellation), true));
        }
        if (!string.IsNullOrWhiteSpace(filter.DescriptionContains))
        {
            parts.Add(f.Regex(nameof(InvoiceLine.Description),
                new BsonRegularExpression(Regex.Escape(filter.DescriptionContains.Trim()), "i")));
        }
        return parts.Count == 0 ? f.Empty : f.And(parts);
    }

    public static SortDefinition<InvoiceLine> BuildSort(LineSort sort)
    {
        var field = sort.Field switch
        {
            LineSortField.InvoiceDate => nameof(InvoiceLine.InvoiceDate),
            LineSortField.InvoiceNo => nameof(InvoiceLine.InvoiceNo),
            LineSortField.CustomerId => nameof(InvoiceLine.CustomerID),
            _ => "_id",
        };
        var s = Builders<InvoiceLine>.Sort;
        return sort.Ascending ? s.Ascending(field) : s.Descending(field);
    }
}
