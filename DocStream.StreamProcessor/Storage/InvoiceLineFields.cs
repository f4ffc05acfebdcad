namespace DocStream.StreamProcessor.Storage;

/// <summary>The documented fields of one invoice line, text as UTF-8, as read from a message or taken from an <see cref="Contracts.InvoiceLine"/>.</summary>
public readonly ref struct InvoiceLineFields
{
    public required ReadOnlySpan<byte> Id { get; init; }
    public required ReadOnlySpan<byte> InvoiceNo { get; init; }
    public required ReadOnlySpan<byte> StockCode { get; init; }
    public required ReadOnlySpan<byte> Description { get; init; }
    public required int Quantity { get; init; }
    public required DateTime InvoiceDate { get; init; }
    public required decimal UnitPrice { get; init; }
    public required int? CustomerId { get; init; }
    public required ReadOnlySpan<byte> Country { get; init; }
}
