namespace DocStream.IngestApi.Apis;

/// <summary>
/// The body clients send (for the OpenAPI document; the routes read bodies by hand to report every bad
/// field). Example values are a real row of the data set.
/// </summary>
/// <param name="Id">Optional stable id; the Idempotency-Key header works too. Assigned when absent.</param>
/// <param name="InvoiceNo">"536365"; cancellations start with C ("C536379"). A number is accepted too.</param>
/// <param name="StockCode">"85123A"; also "POST", "BANK CHARGES".</param>
/// <param name="Description">May be empty.</param>
/// <param name="Quantity">Negative for returns.</param>
/// <param name="InvoiceDate">ISO-8601 ("2010-12-01T08:26:00") or the data set's "12/1/2010 8:26" (month first).</param>
/// <param name="UnitPrice">0 and negative values occur.</param>
/// <param name="CustomerID">Null on about a quarter of the rows; 17850.0 is read as 17850.</param>
/// <param name="Country">"United Kingdom".</param>
public sealed record InvoiceLineRequest(
    string? Id,
    string InvoiceNo,
    string StockCode,
    string? Description,
    int Quantity,
    string InvoiceDate,
    decimal UnitPrice,
    int? CustomerID,
    string Country);
