using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>Finds an invoice's lines by InvoiceNo (indexed).</summary>
public sealed class InvoiceQueries(IMongoDatabase database) : IInvoiceQueries
{
    /// <summary>The largest invoice in the data set has 1,114 lines; this only guards against nonsense.</summary>
    public const int MaxLines = 5000;

    private readonly IMongoCollection<InvoiceLine> _lines = database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);

    public async Task<InvoiceDetails?> GetInvoiceAsync(string invoiceNo, CancellationToken cancellationToken = default)
    {
        var no = Normalize(invoiceNo);
        if (no.Length == 0)
        {
            return null;
        }
        var lines = await _lines.Find(Builders<InvoiceLine>.Filter.Eq(l => l.InvoiceNo, no))
            .Limit(MaxLines)
            .ToListAsync(cancellationToken);
        return InvoiceDetails.FromLines(lines);
    }

    /// <summary>Trims, and upper-cases a leading letter as the ingest API stores it (<c>c536379</c> finds <c>C536379</c>).</summary>
    public static string Normalize(string? invoiceNo)
    {
        var s = invoiceNo?.Trim() ?? "";
        return s.Length > 0 && char.IsAsciiLetterLower(s[0]) ? char.ToUpperInvariant(s[0]) + s[1..] : s;
    }
}
