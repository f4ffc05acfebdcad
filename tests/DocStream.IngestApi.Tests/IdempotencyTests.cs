using System.Net;
using System.Net.Http.Json;
using System.Text;
using DocStream.Contracts;
using DocStream.IngestApi.Tests.Infrastructure;

namespace DocStream.IngestApi.Tests;

/// <summary>Stable ids: the client's id is kept and returned, or one is assigned and returned.</summary>
[Collection(IngestApiCollection.Name)]
public sealed class IdempotencyTests(IngestApiHost host)
{
    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string? idempotencyKey, string route = "/api/v1/invoices")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_Idempotency_Key_header_becomes_the_document_id_and_is_returned()
    {
        using var client = host.CreateClient();
        var key = RealRows.NewId("order-42:line.1#");

        using var response = await PostAsync(client, RealRows.First().ToJsonString(), key, "/invoiceitem");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(key, (await response.Content.ReadFromJsonAsync<InvoiceLine>())!.Id);
        Assert.EndsWith("/api/v1/invoices/" + Uri.EscapeDataString(key), response.Headers.Location!.OriginalString);
        var stored = Assert.Single(host.Reader().ReadIds([key]));
        Assert.Equal(key, stored.Line.Id);
    }

    [Fact]
    public async Task An_Id_field_is_kept_and_an_equal_header_is_accepted()
    {
        using var client = host.CreateClient();
        var id = RealRows.NewId("field");
        var row = RealRows.First();
        row["Id"] = id;

        using var response = await PostAsync(client, row.ToJsonString(), id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<InvoiceLine>())!.Id);
        Assert.Single(host.Reader().ReadIds([id]));
    }

    [Fact]
    public async Task Without_an_id_one_is_assigned_returned_and_stored()
    {
        using var client = host.CreateClient();

        using var first = await PostAsync(client, RealRows.First().ToJsonString(), null);
        using var second = await PostAsync(client, RealRows.First().ToJsonString(), null);

        var a = (await first.Content.ReadFromJsonAsync<InvoiceLine>())!.Id;
        var b = (await second.Content.ReadFromJsonAsync<InvoiceLine>())!.Id;
        Assert.NotEqual(a, b);
        Assert.True(InvoiceLineReader.IsValidId(a));
        Assert.Equal(2, host.Reader().ReadIds([a, b]).Count);
    }

    [Fact]
    public async Task The_same_id_sent_twice_carries_the_same_id_in_both_Kafka_messages_so_the_store_keeps_one_document()
    {
        using var client = host.CreateClient();
        var key = RealRows.NewId("retry");

        using var first = await PostAsync(client, RealRows.First().ToJsonString(), key);
        using var retry = await PostAsync(client, RealRows.First().ToJsonString(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(key, (await retry.Content.ReadFromJsonAsync<InvoiceLine>())!.Id);
        // The API is at-least-once towards Kafka: a retry is produced again. Both messages carry the same
        // id (header and value) and the same content, and the processor upserts by _id = id, so MongoDB
        // ends with one document.
        var stored = host.Reader().ReadIds([key]);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, m => Assert.Equal(key, m.Line.Id));
        Assert.Equal(stored[0].ValueText, stored[1].ValueText);
        Assert.Equal(stored[0].Partition, stored[1].Partition);
    }
}
