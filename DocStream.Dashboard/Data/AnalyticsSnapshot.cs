namespace DocStream.Dashboard.Data;

/// <summary>Revenue and volume of one group (a country, a product, a day or a month).</summary>
public sealed record GroupFigure(string Key, string Label, decimal Revenue, long Quantity, long Lines);

/// <summary>
/// Figures over every stored line, computed in one aggregation by <see cref="AnalyticsSnapshotService"/>.
/// Revenue is net: the sum of LineTotal, so cancellations (negative) are already taken off.
/// Everything is derived from the raw lines, which are stored exactly once by id, so the figures stay exact after replays.
/// </summary>
public sealed record AnalyticsSnapshot
{
    public required DateTime ComputedAt { get; init; }
    public required TimeSpan Duration { get; init; }
    public required long TotalLines { get; init; }
    public required long TotalQuantity { get; init; }
    public required decimal NetRevenue { get; init; }
    /// <summary>Sum of LineTotal over lines that are not cancellations.</summary>
    public required decimal GrossSales { get; init; }
    /// <summary>Sum of LineTotal over cancellation lines (negative or zero).</summary>
    public required decimal CancelledValue { get; init; }
    public required long CancelledLines { get; init; }
    public required long DistinctInvoices { get; init; }
    public required long CancelledInvoices { get; init; }
    public required long DistinctCustomers { get; init; }
    /// <summary>Every country, highest revenue first.</summary>
    public required IReadOnlyList<GroupFigure> RevenueByCountry { get; init; }
    public required IReadOnlyList<GroupFigure> TopProductsByRevenue { get; init; }
    public required IReadOnlyList<GroupFigure> TopProductsByQuantity { get; init; }
    /// <summary>Days in order (key yyyy-MM-dd).</summary>
    public required IReadOnlyList<GroupFigure> RevenueByDay { get; init; }
    /// <summary>Months in order (key yyyy-MM).</summary>
    public required IReadOnlyList<GroupFigure> RevenueByMonth { get; init; }

    /// <summary>Share of invoices that are cancellations, 0..1.</summary>
    public double CancelledInvoiceShare => DistinctInvoices == 0 ? 0 : (double)CancelledInvoices / DistinctInvoices;

    /// <summary>Share of lines that are cancellations, 0..1.</summary>
    public double CancelledLineShare => TotalLines == 0 ? 0 : (double)CancelledLines / TotalLines;

    /// <summary>Cancelled value as a share of gross sales, 0..1.</summary>
    public double CancelledValueShare => GrossSales <= 0 ? 0 : (double)(-CancelledValue / GrossSales);
}
