using DocStream.Contracts;

namespace DocStream.Dashboard.Data;

/// <summary>An invoice's header (from its first line) and its lines.</summary>
public sealed record InvoiceDetails(string InvoiceNo, DateTime InvoiceDate, int? CustomerId, string Country, bool IsCancellation, IReadOnlyList<InvoiceLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.LineTotal);
    public int TotalQuantity => Lines.Sum(l => l.Quantity);

    public static InvoiceDetails? FromLines(IReadOnlyList<InvoiceLine> lines)
    {
        if (lines.Count == 0)
        {
            return null;
        }
        var first = lines[0];
        return new InvoiceDetails(first.InvoiceNo, lines.Min(l => l.InvoiceDate), first.CustomerID, first.Country, first.IsCancellation, lines);
    }
}
