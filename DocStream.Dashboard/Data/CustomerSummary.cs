namespace DocStream.Dashboard.Data;

/// <summary>A customer's invoices, newest first. <see cref="Country"/> is the customer's country (one per invoice in the data).</summary>
public sealed record CustomerSummary(int CustomerId, string? Country, IReadOnlyList<CustomerInvoice> Invoices)
{
    public decimal Total => Invoices.Sum(i => i.Total);
    public int LineCount => Invoices.Sum(i => i.LineCount);
    public int CancelledInvoices => Invoices.Count(i => i.IsCancellation);
}
