using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DocStream.Contracts;

namespace DocStream.Replayer.Csv;

/// <summary>
/// Turns a CSV line into the document the ingest API takes. The id is <c>&lt;fileStem&gt;:&lt;rowNumber&gt;</c>, so a
/// replay of the same file sends the same ids. Text is kept exactly as in the file (trailing and double spaces,
/// empty descriptions); InvoiceDate is read month-first with the contract's <see cref="InvoiceDateParser"/>;
/// UnitPrice stays an exact decimal. Every problem of a line is named, not just the first.
/// </summary>
public sealed class InvoiceRowMapper(string idPrefix)
{
    private string? _lastDateText;
    private DateTime _lastDate;

    public string IdPrefix { get; } = idPrefix;

    public string IdFor(long rowNumber) => string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}:{rowNumber}");

    public bool TryMap(
        CsvInvoiceRecord record,
        [NotNullWhen(true)] out ReplayDocument? document,
        [NotNullWhen(false)] out UnmappableRow? unmappable)
    {
        document = null;
        unmappable = null;
        if (record.Problem is not null)
        {
            unmappable = new UnmappableRow(record.RowNumber, record.Problem, record.ToCsvLine());
            return false;
        }

        List<string>? errors = null;
        if (string.IsNullOrWhiteSpace(record.InvoiceNo))
        {
            (errors ??= []).Add("InvoiceNo is empty.");
        }
        if (string.IsNullOrWhiteSpace(record.StockCode))
        {
            (errors ??= []).Add("StockCode is empty.");
        }
        if (!int.TryParse(record.Quantity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity))
        {
            (errors ??= []).Add($"Quantity '{record.Quantity}' is not a whole number.");
        }
        if (!TryParseDate(record.InvoiceDate, out var invoiceDate, out var dateError))
        {
            (errors ??= []).Add($"InvoiceDate: {dateError}");
        }
        if (!decimal.TryParse(record.UnitPrice, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var unitPrice))
        {
            (errors ??= []).Add($"UnitPrice '{record.UnitPrice}' is not a decimal number.");
        }
        if (!TryParseCustomerId(record.CustomerID, out var customerId))
        {
            (errors ??= []).Add($"CustomerID '{record.CustomerID}' is not a whole customer number.");
        }
        if (string.IsNullOrWhiteSpace(record.Country))
        {
            (errors ??= []).Add("Country is empty.");
        }

        if (errors is not null)
        {
            unmappable = new UnmappableRow(record.RowNumber, string.Join(" ", errors), record.ToCsvLine());
            return false;
        }

        document = new ReplayDocument(record.RowNumber, new InvoiceLine
        {
            Id = IdFor(record.RowNumber),
            InvoiceNo = record.InvoiceNo,
            StockCode = record.StockCode,
            Description = record.Description,
            Quantity = quantity,
            InvoiceDate = invoiceDate,
            UnitPrice = unitPrice,
            CustomerID = customerId,
            Country = record.Country,
        });
        return true;
    }

    /// <summary>The lines of an invoice share their date text: parse each distinct text once in a row.</summary>
    private bool TryParseDate(string text, out DateTime value, out string? error)
    {
        if (ReferenceEquals(text, _lastDateText) || string.Equals(text, _lastDateText, StringComparison.Ordinal))
        {
            value = _lastDate;
            error = null;
            return true;
        }
        if (!InvoiceDateParser.TryParse(text, out value, out error))
        {
            return false;
        }
        _lastDateText = text;
        _lastDate = value;
        return true;
    }

    private static bool TryParseCustomerId(string text, out int? customerId)
    {
        customerId = null;
        if (text.Length == 0)
        {
            return true; // about a quarter of the rows have none
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            customerId = id;
            return true;
        }
        // Some exports write 17850.0.
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            && d == decimal.Truncate(d) && d is >= 1 and <= int.MaxValue)
        {
            customerId = (int)d;
            return true;
        }
        return false;
    }
}
