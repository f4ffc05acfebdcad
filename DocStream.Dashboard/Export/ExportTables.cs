using DocStream.Contracts;
using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Export;

/// <summary>
/// The columns of each export, in the order the page shows them. Line columns carry the data set's own names
/// (InvoiceNo, UnitPrice, …) so an exported file replays through the replayer like the original.
/// </summary>
public static class ExportTables
{
    public static readonly IReadOnlyList<ExportColumn<InvoiceLine>> Lines =
    [
        ExportColumn<InvoiceLine>.Date("InvoiceDate", l => l.InvoiceDate),
        ExportColumn<InvoiceLine>.Text("InvoiceNo", l => l.InvoiceNo),
        ExportColumn<InvoiceLine>.Text("StockCode", l => l.StockCode),
        ExportColumn<InvoiceLine>.Text("Description", l => l.Description),
        ExportColumn<InvoiceLine>.Integer("Quantity", l => l.Quantity),
        ExportColumn<InvoiceLine>.Number("UnitPrice", l => l.UnitPrice),
        ExportColumn<InvoiceLine>.Number("LineTotal", l => l.LineTotal),
        ExportColumn<InvoiceLine>.Integer("CustomerID", l => l.CustomerID),
        ExportColumn<InvoiceLine>.Text("Country", l => l.Country),
    ];

    public static readonly IReadOnlyList<ExportColumn<CustomerInvoice>> CustomerInvoices =
    [
        ExportColumn<CustomerInvoice>.Text("InvoiceNo", i => i.InvoiceNo),
        ExportColumn<CustomerInvoice>.Date("InvoiceDate", i => i.InvoiceDate),
        ExportColumn<CustomerInvoice>.Integer("Lines", i => i.LineCount),
        ExportColumn<CustomerInvoice>.Number("Total", i => i.Total),
        ExportColumn<CustomerInvoice>.Boolean("Cancelled", i => i.IsCancellation),
    ];

    public static readonly IReadOnlyList<ExportColumn<DeadLetter>> DeadLetters =
    [
        ExportColumn<DeadLetter>.Date("ReceivedAtUtc", d => d.ReceivedAt),
        ExportColumn<DeadLetter>.Text("Kind", d => d.Kind),
        ExportColumn<DeadLetter>.Text("Reason", d => d.Reason),
        ExportColumn<DeadLetter>.Text("Topic", d => d.Topic),
        ExportColumn<DeadLetter>.Integer("Partition", d => d.Partition),
        ExportColumn<DeadLetter>.Integer("Offset", d => d.Offset),
        ExportColumn<DeadLetter>.Integer("LastOffset", d => d.LastOffset),
        ExportColumn<DeadLetter>.Text("Key", d => d.Key),
        ExportColumn<DeadLetter>.Text("Message", d => d.Value),
        ExportColumn<DeadLetter>.Integer("RedriveCount", d => d.Redrive?.Count),
        ExportColumn<DeadLetter>.Text("LastRedriveResult", d => d.Redrive?.LastResult),
        ExportColumn<DeadLetter>.Text("Id", d => d.Id),
    ];

    public static readonly IReadOnlyList<ExportColumn<GroupFigure>> AnalyticsSeries =
    [
        ExportColumn<GroupFigure>.Text("Key", g => g.Key),
        ExportColumn<GroupFigure>.Text("Label", g => g.Label),
        ExportColumn<GroupFigure>.Number("NetRevenue", g => g.Revenue),
        ExportColumn<GroupFigure>.Integer("Quantity", g => g.Quantity),
        ExportColumn<GroupFigure>.Integer("Lines", g => g.Lines),
    ];
}
