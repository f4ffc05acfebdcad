namespace DocStream.Dashboard.Data;

/// <summary>Look-ups by CustomerID (the seed's first text box).</summary>
public interface ICustomerQueries
{
    /// <summary>The customer's invoices, newest first; an empty list when the customer has none.</summary>
    Task<CustomerSummary> GetCustomerAsync(int customerId, CancellationToken cancellationToken = default);
}

/// <summary>Look-ups by InvoiceNo (the seed's second text box).</summary>
public interface IInvoiceQueries
{
    /// <summary>The invoice and its lines; null when no line has that InvoiceNo.</summary>
    Task<InvoiceDetails?> GetInvoiceAsync(string invoiceNo, CancellationToken cancellationToken = default);
}

/// <summary>Pages over all lines, with filters, sorted only by indexed fields.</summary>
public interface ILineQueries
{
    Task<LinePage> GetLinesAsync(LineFilter filter, LineSort sort, int skip, int take, CancellationToken cancellationToken = default);
}

/// <summary>Pipeline health: documents stored, dead letters, processor instances' reports.</summary>
public interface IPipelineStatusQueries
{
    Task<PipelineOverview> GetOverviewAsync(CancellationToken cancellationToken = default);
}

/// <summary>The dead-letter collection, newest first.</summary>
public interface IDeadLetterQueries
{
    Task<DeadLetterPage> GetDeadLettersAsync(DeadLetterFilter filter, int skip, int take, CancellationToken cancellationToken = default);
}

/// <summary>Runs the full-data aggregations (slow: seconds over 541,909 lines). Used only by the snapshot service.</summary>
public interface IAnalyticsQueries
{
    Task<AnalyticsSnapshot> ComputeAsync(CancellationToken cancellationToken = default);
}

/// <summary>The last analytics snapshot kept in memory, for the pages; never queries on the caller's thread.</summary>
public interface IAnalyticsSnapshotSource
{
    /// <summary>The last good snapshot, or null before the first one finished.</summary>
    AnalyticsSnapshot? Current { get; }

    /// <summary>Why the last attempt failed (null when it succeeded or none finished yet).</summary>
    string? LastError { get; }

    /// <summary>Raised after each attempt, good or bad.</summary>
    event Action? Changed;
}
