namespace DocStream.Dashboard.Data;

/// <summary>One invoice of a customer: its lines grouped by InvoiceNo.</summary>
public sealed record CustomerInvoice(string InvoiceNo, DateTime InvoiceDate, int LineCount, decimal Total, bool IsCancellation);
