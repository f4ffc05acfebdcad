namespace DocStream.Dashboard.Data;

/// <summary>Look-ups by InvoiceNo (the seed's second text box).</summary>
public interface IInvoiceQueries
{
    /// <summary>The invoice and its lines; null when no line has that InvoiceNo.</summary>
    Task<InvoiceDetails?> GetInvoiceAsync(string invoiceNo, CancellationToken cancellationToken = default);
}
