using DocStream.Contracts;

namespace DocStream.Replayer.Csv;

/// <summary>A document ready to send: the invoice line (the shared contract) and the data line it came from.</summary>
public sealed record ReplayDocument(long RowNumber, InvoiceLine Line);
