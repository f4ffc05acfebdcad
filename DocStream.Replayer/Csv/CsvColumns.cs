namespace DocStream.Replayer.Csv;

/// <summary>The header of the data set (Kaggle layout). Columns are found by name, so their order may differ.</summary>
public static class CsvColumns
{
    public const string InvoiceNo = "InvoiceNo";
    public const string StockCode = "StockCode";
    public const string Description = "Description";
    public const string Quantity = "Quantity";
    public const string InvoiceDate = "InvoiceDate";
    public const string UnitPrice = "UnitPrice";
    public const string CustomerID = "CustomerID";
    public const string Country = "Country";

    public static readonly string[] All = [InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country];
}
