using System.Net;
using System.Net.Http.Json;
using DocStream.Contracts;
using DocStream.EndToEnd.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;
using Xunit.Abstractions;

namespace DocStream.EndToEnd.Tests;

/// <summary>
/// The foundation's proof: the AppHost on emulators, the real data set replayed through the real replayer,
/// ingest API, Kafka, processor and MongoDB; every row stored exactly once with its values.
/// </summary>
[Collection(DocStreamCollection.Name)]
public sealed class ReplayEndToEndTests(DocStreamApp app, ITestOutputHelper output)
{
    private const int Rows = 12_000;

    [Fact]
    public async Task Replaying_twelve_thousand_real_rows_twice_stores_each_exactly_once_with_the_csv_values()
    {
        var expected = DataSet.Read(DataSet.FullFile, Rows).ToList();
        Assert.Equal(Rows, expected.Count);
        Assert.Contains(expected, r => r.InvoiceNo.StartsWith('C'));
        Assert.Contains(expected, r => r.CustomerID is null);

        var first = await app.RunReplayerAsync($"--file \"{DataSet.FullFile}\" --limit {Rows} --batch-size 1000", TimeSpan.FromMinutes(3));
        output.WriteLine(first.Output);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"accepted={Rows}", first.Output);

        // The same file again: same ids, so nothing new may appear.
        var second = await app.RunReplayerAsync($"--file \"{DataSet.FullFile}\" --limit {Rows} --batch-size 1000", TimeSpan.FromMinutes(3));
        Assert.True(second.ExitCode == 0, second.Output);

        var invoices = app.Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
        var stored = await WaitForCountAsync(invoices, Rows, TimeSpan.FromMinutes(2));
        Assert.Equal(Rows, stored);

        var documents = await invoices.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        Assert.Equal(Rows, documents.Count);
        var byId = documents.ToDictionary(d => d["_id"].AsString);
        Assert.Equal(Rows, byId.Count);
        foreach (var row in expected)
        {
            Assert.True(byId.TryGetValue($"online-retail:{row.RowNumber}", out var doc), $"row {row.RowNumber} is missing");
            Assert.Equal(row.InvoiceNo, doc["InvoiceNo"].AsString);
            Assert.Equal(row.StockCode, doc["StockCode"].AsString);
            Assert.Equal(row.Description, doc["Description"].AsString);
            Assert.Equal(row.Quantity, doc["Quantity"].AsInt32);
            Assert.Equal(row.InvoiceDate, doc["InvoiceDate"].ToUniversalTime());
            Assert.Equal(row.UnitPrice, doc["UnitPrice"].AsDecimal);
            Assert.Equal(row.Quantity * row.UnitPrice, doc["LineTotal"].AsDecimal);
            Assert.Equal(row.CustomerID, doc["CustomerID"].IsBsonNull ? null : doc["CustomerID"].AsInt32);
            Assert.Equal(row.Country, doc["Country"].AsString);
            Assert.Equal(row.InvoiceNo.StartsWith('C'), doc["IsCancellation"].AsBoolean);
        }
    }

    [Fact]
    public async Task The_seed_route_acknowledges_a_cancellation_and_the_processor_stores_it()
    {
        using var client = app.CreateIngestClient();
        var id = "e2e-seed-" + Guid.NewGuid().ToString("N");
        using var response = await client.PostAsJsonAsync("/invoiceitem", new
        {
            Id = id,
            InvoiceNo = "C536379",
            StockCode = "D",
            Description = "Discount",
            Quantity = -1,
            InvoiceDate = "12/1/2010 9:41",
            UnitPrice = 27.50m,
            CustomerID = 14527,
            Country = "United Kingdom",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal(id, body!["Id"].ToString());

        var invoices = app.Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
        var stored = await WaitForAsync(async () => (BsonDocument?)await invoices.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(), TimeSpan.FromSeconds(30));
        Assert.Equal("C536379", stored["InvoiceNo"].AsString);
        Assert.Equal(new DateTime(2010, 12, 1, 9, 41, 0, DateTimeKind.Utc), stored["InvoiceDate"].ToUniversalTime());
        Assert.Equal(-27.50m, stored["LineTotal"].AsDecimal);
    }

    [Fact]
    public async Task An_invalid_document_is_refused_with_problem_details_and_never_stored()
    {
        using var client = app.CreateIngestClient();
        var id = "e2e-invalid-" + Guid.NewGuid().ToString("N");
        using var response = await client.PostAsJsonAsync("/invoiceitem", new { Id = id, InvoiceNo = "536365", Quantity = "six", InvoiceDate = "12-02-2010 08:26:00" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.Contains("Quantity", problem!.Errors.Keys);
        Assert.Contains("InvoiceDate", problem.Errors.Keys);
        Assert.Contains("UnitPrice", problem.Errors.Keys);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var invoices = app.Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
        Assert.Equal(0, await invoices.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("_id", id)));
    }

    private sealed record ValidationProblem(string Title, Dictionary<string, string[]> Errors);

    private static async Task<long> WaitForCountAsync(IMongoCollection<BsonDocument> collection, long expected, TimeSpan timeout)
    {
        var filter = Builders<BsonDocument>.Filter.Regex("_id", new BsonRegularExpression("^online-retail:"));
        var deadline = DateTime.UtcNow + timeout;
        long count;
        do
        {
            count = await collection.CountDocumentsAsync(filter);
            if (count >= expected)
            {
                return count;
            }
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        return count;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Nothing appeared within {timeout}.");
    }
}
