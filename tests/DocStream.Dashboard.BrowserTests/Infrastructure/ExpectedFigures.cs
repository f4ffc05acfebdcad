using System.Globalization;
using DocStream.EndToEnd.Tests.Infrastructure;

namespace DocStream.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// What the dashboard must show, computed here from the CSV rows that were replayed, with decimal arithmetic
/// (line total = Quantity × UnitPrice), independently of the dashboard's queries.
/// </summary>
public sealed class ExpectedFigures(IReadOnlyList<DataSet.Row> rows)
{
    public sealed record Invoice(string InvoiceNo, int Lines, decimal Total, int Quantity, int? CustomerId, string Country);

    public sealed record Customer(int CustomerId, IReadOnlyList<Invoice> Invoices)
    {
        public int Lines => Invoices.Sum(i => i.Lines);
        public decimal Total => Invoices.Sum(i => i.Total);
        public int Cancelled => Invoices.Count(i => i.InvoiceNo.StartsWith('C'));
    }

    private readonly Dictionary<string, Invoice> _invoices = rows
        .GroupBy(r => r.InvoiceNo, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => new Invoice(g.Key, g.Count(), g.Sum(r => r.Quantity * r.UnitPrice), g.Sum(r => r.Quantity),
            g.First().CustomerID, g.First().Country), StringComparer.Ordinal);

    public int Lines => rows.Count;
    public DataSet.Row LastRow => rows[^1];
    public int Invoices => _invoices.Count;
    public int CancelledInvoices => _invoices.Keys.Count(no => no.StartsWith('C'));
    public int CancelledLines => rows.Count(r => r.InvoiceNo.StartsWith('C'));
    public int Customers => rows.Where(r => r.CustomerID is not null).Select(r => r.CustomerID).Distinct().Count();
    public decimal NetRevenue => rows.Sum(r => r.Quantity * r.UnitPrice);
    public decimal CancelledValue => rows.Where(r => r.InvoiceNo.StartsWith('C')).Sum(r => r.Quantity * r.UnitPrice);

    public Invoice InvoiceOf(string invoiceNo) => _invoices[invoiceNo];

    public Customer CustomerOf(int customerId) =>
        new(customerId, _invoices.Values.Where(i => i.CustomerId == customerId).ToList());

    /// <summary>The invoice with the most lines among those loaded.</summary>
    public Invoice LargestInvoice => _invoices.Values.OrderByDescending(i => i.Lines).ThenBy(i => i.InvoiceNo, StringComparer.Ordinal).First();
}

/// <summary>The dashboard's display formats, written out again so the test does not reuse the code it checks.</summary>
public static class Format
{
    public static string Count(long n) => n.ToString("#,##0", CultureInfo.InvariantCulture);

    public static string Money(decimal value) =>
        (value < 0 ? "-£" : "£") + Math.Abs(value).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
