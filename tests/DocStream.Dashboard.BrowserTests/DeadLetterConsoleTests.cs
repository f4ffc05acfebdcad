using System.Globalization;
using System.Text;
using System.Text.Json;
using DocStream.Contracts;
using DocStream.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace DocStream.Dashboard.BrowserTests;

/// <summary>
/// The dead-letter console in Chromium against the whole AppHost: an operator looks at a poison message (a stored row
/// in the seed's format), runs a dry run and tries an invalid correction; a viewer sees no control. Nothing is produced,
/// so the other tests' figures hold (re-driving through Kafka and the processor is tested in RedriveTests).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DeadLetterConsoleTests(DashboardStack stack, ITestOutputHelper output)
{
    private const string LetterId = "ingestion-topic:0:999999";

    [Fact]
    public async Task An_operator_dry_runs_a_poison_message_and_an_invalid_correction_is_refused_with_its_field_errors_a_viewer_sees_no_control()
    {
        var letters = stack.Database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);
        var invoices = stack.Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
        var stored = await invoices.Find(FilterDefinition<BsonDocument>.Empty).Limit(1).SingleAsync();
        var value = SeedFormat(stored);
        await letters.InsertOneAsync(new BsonDocument
        {
            { "_id", LetterId }, { "kind", "poison" }, { "reason", "The JSON value could not be converted to System.DateTime." },
            { "topic", PipelineNames.IngestTopic }, { "partition", 0 }, { "offset", 999_999L }, { "key", stored["InvoiceNo"].AsString },
            { "value", value }, { "valueBase64", Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) }, { "receivedAt", DateTime.UtcNow },
        });
        try
        {
            var viewer = await stack.NewPageAsync(DashboardUser.Viewer);
            await viewer.GotoAsync("dead-letters");
            await viewer.GetByTestId("toggle-detail").ClickAsync();
            await Expect(viewer.GetByTestId("detail-bytes")).ToBeAttachedAsync();
            await Expect(viewer.GetByTestId("redrive-panel")).ToHaveCountAsync(0);
            await Expect(viewer.GetByTestId("dead-letter-editor")).ToHaveCountAsync(0);
            await viewer.Context.CloseAsync();

            var page = await stack.NewPageAsync(DashboardUser.Operator);
            await page.GotoAsync("dead-letters");
            await Expect(page.GetByTestId("dead-letter-row")).ToHaveCountAsync(1);
            await page.GetByTestId("dry-run-filter").ClickAsync();
            await Expect(page.GetByTestId("redrive-report")).ToContainTextAsync("Dry run");
            await Expect(page.GetByTestId("report-resent")).ToHaveTextAsync("1");
            await page.GetByTestId("toggle-detail").ClickAsync();
            var path = await stack.ScreenshotAsync(page, "dead-letters-console");
            output.WriteLine($"Screenshot: {path}");

            // An invalid correction: refused with its field errors, nothing produced (so the other tests' figures hold).
            await page.GetByTestId("edit-json").FillAsync(value.Replace("\"Quantity\":", "\"Quantity\":\"many\",\"x\":", StringComparison.Ordinal));
            await page.GetByTestId("redrive-edited").ClickAsync();
            await Expect(page.GetByTestId("dead-letter-editor").GetByTestId("report-invalid")).ToHaveTextAsync("1");
            await Expect(page.GetByTestId("dead-letter-editor").GetByTestId("report-field-error")).ToContainTextAsync("Quantity");
            var marks = (await letters.Find(Builders<BsonDocument>.Filter.Eq("_id", LetterId)).SingleAsync())[DeadLetterRedriveFields.Field].AsBsonDocument;
            Assert.StartsWith("invalid: Quantity", marks["lastResult"].AsString, StringComparison.Ordinal);
            Assert.Equal("Operator (access key)", marks["lastBy"].AsString);
            Assert.False(marks.Contains("count"));
            await page.Context.CloseAsync();
        }
        finally
        {
            await letters.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", LetterId));
        }
    }

    /// <summary>A stored line as a seed client wrote it: the data set's date format, which the processor's strict reader refuses.</summary>
    private static string SeedFormat(BsonDocument line)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("Id", line["_id"].AsString);
            json.WriteString("InvoiceNo", line["InvoiceNo"].AsString);
            json.WriteString("StockCode", line["StockCode"].AsString);
            json.WriteString("Description", line["Description"].AsString);
            json.WriteNumber("Quantity", line["Quantity"].ToInt32());
            json.WriteString("InvoiceDate", line["InvoiceDate"].ToUniversalTime().ToString("M/d/yyyy H:mm", CultureInfo.InvariantCulture));
            json.WriteNumber("UnitPrice", line["UnitPrice"].ToDecimal());
            if (line["CustomerID"].IsBsonNull)
            {
                json.WriteNull("CustomerID");
            }
            else
            {
                json.WriteNumber("CustomerID", line["CustomerID"].ToInt32());
            }
            json.WriteString("Country", line["Country"].AsString);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
