namespace DocStream.Dashboard.Data;

/// <summary>Look-ups by CustomerID (the seed's first text box).</summary>
public interface ICustomerQueries
{
    /// <summary>The customer's invoices, newest first; an empty list when the customer has none.</summary>
    Task<CustomerSummary> GetCustomerAsync(int customerId, CancellationToken cancellationToken = default);
}
