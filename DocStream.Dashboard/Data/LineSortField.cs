namespace DocStream.Dashboard.Data;

/// <summary>Columns the grid may sort by: only indexed fields, so a sort never scans the collection.</summary>
public enum LineSortField
{
    /// <summary>Natural id order (the default; the _id index).</summary>
    Id,
    InvoiceDate,
    InvoiceNo,
    CustomerId,
}
