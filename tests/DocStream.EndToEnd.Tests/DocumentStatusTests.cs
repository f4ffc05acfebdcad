using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace DocStream.EndToEnd.Tests;

/// <summary>"Where is my document?" through each state a document can be in, on the whole AppHost.</summary>
[Collection(DocStreamCollection.Name)]
public sealed class DocumentStatusTests(DocStreamApp app)
{
    [Fact]
    public async Task A_document_is_in_Kafka_while_processing_is_paused_then_stored_with_where_it_came_from()
    {
        using var http = app.CreateIngestClient();
        var id = "status-" + Guid.NewGuid().ToString("N");
        int partition;
        long offset;
        await PauseAsync(true);
        try
        {
            using var created = await http.PostAsJsonAsync("/api/v1/invoices", Document(id));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            partition = int.Parse(created.Headers.GetValues("DocStream-Partition").Single(), System.Globalization.CultureInfo.InvariantCulture);
            offset = long.Parse(created.Headers.GetValues("DocStream-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture);

            var waiting = await StatusAsync(http, id);
            Assert.Equal(("in-kafka", partition, offset), (waiting.GetProperty("State").GetString(), waiting.GetProperty("Partition").GetInt32(), waiting.GetProperty("Offset").GetInt64()));
            Assert.True(waiting.GetProperty("LagAhead").GetInt64() >= 0);
            var direct = await StatusAsync(http, $"{id}?partition={partition}&offset={offset}");
            Assert.Equal("in-kafka", direct.GetProperty("State").GetString());
        }
        finally
        {
            await PauseAsync(false);
        }

        var stored = await WaitForStateAsync(http, id, "stored");
        // The processor kept where it read it: the partition and offset the API answered.
        Assert.Equal((partition, offset), (stored.GetProperty("Partition").GetInt32(), stored.GetProperty("Offset").GetInt64()));
        Assert.Matches("^[0-9a-f]{32}$", stored.GetProperty("TraceId").GetString());
        Assert.True(stored.GetProperty("StoredAt").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task A_message_that_cannot_be_stored_is_dead_lettered_with_its_reason_and_an_unknown_id_says_unknown()
    {
        using var http = app.CreateIngestClient();
        var id = "poison-" + Guid.NewGuid().ToString("N");
        // Straight into Kafka, past the API's validation: a value that is no document.
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = await app.App.GetConnectionStringAsync(PipelineNames.Kafka) }).Build())
        {
            await producer.ProduceAsync(PipelineNames.IngestTopic, new Message<string, byte[]>
            {
                Key = "C999999",
                Value = Encoding.UTF8.GetBytes("{\"InvoiceNo\": 42"),
                Headers = new Headers { { PipelineNames.DocumentIdHeader, Encoding.UTF8.GetBytes(id) } },
            });
        }

        var dead = await WaitForStateAsync(http, id, "dead-lettered");
        Assert.False(string.IsNullOrEmpty(dead.GetProperty("Reason").GetString()));

        var unknown = await StatusAsync(http, "never-sent-" + Guid.NewGuid().ToString("N"));
        Assert.Equal("unknown", unknown.GetProperty("State").GetString());
        using var invalid = await http.GetAsync("/api/v1/documents/not%20an%20id");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var anonymous = await app.App.CreateHttpClient("ingestapi", "http").GetAsync($"/api/v1/documents/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static object Document(string id) => new
    {
        Id = id, InvoiceNo = "536365", StockCode = "85123A", Description = "WHITE HANGING HEART T-LIGHT HOLDER", Quantity = 6,
        InvoiceDate = "12/1/2010 8:26", UnitPrice = 2.55m, CustomerID = 17850, Country = "United Kingdom",
    };

    private async Task PauseAsync(bool paused)
    {
        var result = await app.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("processor", paused ? "pause-processing" : "resume-processing");
        Assert.True(result.Success, result.Message);
        // Every instance has applied it once its status says so (the switch is read every second).
        var status = app.Database.GetCollection<BsonDocument>(PipelineNames.ProcessorStatusCollection);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var docs = await status.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
            if (docs.Count > 0 && docs.All(d => d.GetValue("paused", false).ToBoolean() == paused && d["updatedAt"].ToUniversalTime() > DateTime.UtcNow.AddSeconds(-3)))
            {
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The processor did not report paused={paused}.");
    }

    private static async Task<JsonElement> StatusAsync(HttpClient http, string idAndQuery)
    {
        using var response = await http.GetAsync($"/api/v1/documents/{idAndQuery}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient http, string id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement last;
        do
        {
            last = await StatusAsync(http, id);
            if (last.GetProperty("State").GetString() == state)
            {
                return last;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{id} is {last} after 30 s, not {state}.");
    }
}
