using DocStream.Contracts;

namespace DocStream.Dashboard.Data;

/// <summary>How the all-lines grid is sorted: an indexed field and a direction.</summary>
public sealed record LineSort(LineSortField Field, bool Ascending)
{
    public static readonly LineSort Default = new(LineSortField.Id, true);

    /// <summary>Maps a grid column's property name to an indexed sort; anything else falls back to <c>_id</c>.</summary>
    public static LineSort FromPropertyName(string? propertyName, bool ascending) => propertyName switch
    {
        nameof(InvoiceLine.InvoiceDate) => new(LineSortField.InvoiceDate, ascending),
        nameof(InvoiceLine.InvoiceNo) => new(LineSortField.InvoiceNo, ascending),
        nameof(InvoiceLine.CustomerID) => new(LineSortField.CustomerId, ascending),
        _ => new(LineSortField.Id, ascending),
    };
}
