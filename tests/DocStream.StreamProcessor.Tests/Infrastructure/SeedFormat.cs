using System.Globalization;
using System.Text;
using System.Text.Json;
using DocStream.Contracts;

namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>
/// A line as the seed's clients wrote it straight to Kafka: the data set's date ("12/1/2010 8:26") and CustomerID
/// as a decimal (17850.0). The ingest API accepts this; the processor, reading the API's strict message, does not.
/// </summary>
internal static class SeedFormat
{
    public static byte[] Json(InvoiceLine line, bool withId = true)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (withId)
            {
                json.WriteString("Id", line.Id);
            }
            json.WriteString("InvoiceNo", line.InvoiceNo);
            json.WriteString("StockCode", line.StockCode);
            json.WriteString("Description", line.Description);
            json.WriteNumber("Quantity", line.Quantity);
            json.WriteString("InvoiceDate", line.InvoiceDate.ToString("M/d/yyyy H:mm", CultureInfo.InvariantCulture));
            json.WriteNumber("UnitPrice", line.UnitPrice);
            json.WritePropertyName("CustomerID");
            if (line.CustomerID is { } customer)
            {
                json.WriteRawValue(customer.ToString(CultureInfo.InvariantCulture) + ".0");
            }
            else
            {
                json.WriteNullValue();
            }
            json.WriteString("Country", line.Country);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static string Text(InvoiceLine line, bool withId = true) => Encoding.UTF8.GetString(Json(line, withId));
}
