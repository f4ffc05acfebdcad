using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DocStream.IngestApi.Apis;
using DocStream.IngestApi.Tests.Infrastructure;

namespace DocStream.IngestApi.Tests;

/// <summary>The batch route: a JSON array or NDJSON in, one result per document out, only valid documents in Kafka.</summary>
[Collection(IngestApiCollection.Name)]
public sealed class BatchRouteTests(IngestApiHost host)
{
    private const string Route = "/api/v1/invoices/batch";

    /// <summary>Five documents: valid, invalid (bad date), valid without id, invalid (no Quantity), valid cancellation.</summary>
    private static (List<string> Lines, string ValidA, string ValidC) MixedBatch()
    {
        var validA = RealRows.NewId("batch-a");
        var validC = RealRows.NewId("batch-c");
        var a = RealRows.First();
        a["Id"] = validA;
        var badDate = RealRows.With("InvoiceDate", "2/30/2011 8:26");
        badDate["Id"] = RealRows.NewId("batch-bad-date");
        var noId = RealRows.With("StockCode", "POST");
        var noQuantity = RealRows.With("Quantity", RealRows.Missing);
        noQuantity["Id"] = RealRows.NewId("batch-no-quantity");
        var cancellation = RealRows.With("InvoiceNo", "C536379");
        cancellation["Quantity"] = -1;
        cancellation["Id"] = validC;
        return ([a.ToJsonString(), badDate.ToJsonString(), noId.ToJsonString(), noQuantity.ToJsonString(), cancellation.ToJsonString()], validA, validC);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-ndjson")]
    public async Task A_mixed_batch_answers_per_document_results_in_order_and_only_valid_documents_reach_Kafka(string mediaType)
    {
        var (lines, validA, validC) = MixedBatch();
        var body = mediaType == "application/json" ? "[" + string.Join(",", lines) + "]" : string.Join("\n", lines) + "\n";
        using var client = host.CreateClient();
        var reader = host.Reader();
        var before = reader.EndOffsetTotal();

        using var response = await client.PostAsync(Route, new StringContent(body, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<BatchResult>();
        Assert.NotNull(result);
        Assert.Equal((3, 2, 0), (result.Accepted, result.Rejected, result.Failed));
        Assert.Equal([0, 1, 2, 3, 4], result.Results.Select(r => r.Index));
        Assert.Equal(["accepted", "rejected", "accepted", "rejected", "accepted"], result.Results.Select(r => r.Status));
        Assert.Equal(validA, result.Results[0].Id);
        Assert.Equal(validC, result.Results[4].Id);
        Assert.StartsWith("api-", result.Results[2].Id); // assigned and returned
        Assert.Contains("InvoiceDate", result.Results[1].Errors!.Keys);
        Assert.Contains("Quantity", result.Results[3].Errors!.Keys);
        Assert.Null(result.Results[0].Errors);

        Assert.Equal(before + 3, reader.EndOffsetTotal());
        var acceptedIds = new[] { validA, result.Results[2].Id!, validC };
        var stored = reader.ReadIds(acceptedIds.Concat(result.Results.Where(r => r.Status == "rejected").Select(r => r.Id!)));
        Assert.Equal(acceptedIds.Order(), stored.Select(m => m.IdHeader!).Order());
        Assert.Equal("POST", stored.Single(m => m.IdHeader == result.Results[2].Id).Line.StockCode);
        Assert.Equal(-1, stored.Single(m => m.IdHeader == validC).Line.Quantity);
    }

    [Fact]
    public async Task An_NDJSON_line_that_is_not_JSON_is_rejected_alone_with_its_line_number()
    {
        var id = RealRows.NewId("ndjson-ok");
        var good = RealRows.First();
        good["Id"] = id;
        var body = good.ToJsonString() + "\r\n{\"InvoiceNo\": \"5363\n\n" + RealRows.First().ToJsonString() + "\n";
        using var client = host.CreateClient();

        using var response = await client.PostAsync(Route, new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<BatchResult>();
        Assert.NotNull(result);
        Assert.Equal(["accepted", "rejected", "accepted"], result.Results.Select(r => r.Status));
        Assert.Contains("Line 2", result.Results[1].Errors!["$"][0]);
        Assert.Single(host.Reader().ReadIds([id]));
    }

    [Fact]
    public async Task A_document_with_invalid_UTF8_is_rejected_alone_in_a_batch()
    {
        var id = RealRows.NewId("utf8-ok");
        var good = RealRows.First();
        good["Id"] = id;
        var bad = Encoding.UTF8.GetBytes(RealRows.With("Description", "GIFT VOUCHER #20").ToJsonString());
        bad[Array.IndexOf(bad, (byte)'#')] = 0xA3; // latin-1 pound sign: not UTF-8
        var body = Encoding.UTF8.GetBytes("[" + good.ToJsonString() + ",").Concat(bad).Concat("]"u8.ToArray()).ToArray();
        using var client = host.CreateClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(Route, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<BatchResult>();
        Assert.NotNull(result);
        Assert.Equal(["accepted", "rejected"], result.Results.Select(r => r.Status));
        Assert.Contains("UTF-8", result.Results[1].Errors!["$"][0]);
        Assert.Single(host.Reader().ReadIds([id]));
    }

    [Fact]
    public async Task A_batch_of_only_invalid_documents_writes_nothing()
    {
        var body = new JsonArray(RealRows.With("InvoiceDate", "12-02-2010 08:26:00"), RealRows.With("UnitPrice", "free"), JsonValue.Create(42)).ToJsonString();
        using var client = host.CreateClient();
        var reader = host.Reader();
        var before = reader.EndOffsetTotal();

        using var response = await client.PostAsync(Route, new StringContent(body, Encoding.UTF8, "application/json"));

        var result = await response.Content.ReadFromJsonAsync<BatchResult>();
        Assert.NotNull(result);
        Assert.Equal((0, 3, 0), (result.Accepted, result.Rejected, result.Failed));
        Assert.Contains("$", result.Results[2].Errors!.Keys);
        Assert.Equal(before, reader.EndOffsetTotal());
    }

    [Fact]
    public async Task A_full_batch_of_real_rows_is_accepted_and_each_document_is_in_Kafka_once()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"full-{Guid.NewGuid():N}-{i}").ToList();
        var body = string.Join("\n", ids.Select((id, i) =>
        {
            var row = RealRows.First();
            row["Id"] = id;
            row["InvoiceNo"] = (540000 + i / 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return row.ToJsonString();
        }));
        using var client = host.CreateClient();

        using var response = await client.PostAsync(Route, new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<BatchResult>();
        Assert.Equal(1000, result!.Accepted);
        Assert.Equal(ids, result.Results.Select(r => r.Id));
        var stored = host.Reader().ReadIds(ids);
        Assert.Equal(ids.Order(), stored.Select(m => m.IdHeader!).Order());
        // One invoice's lines share a key and so a partition, in the order sent.
        foreach (var invoice in stored.GroupBy(m => m.Key))
        {
            Assert.Single(invoice.Select(m => m.Partition).Distinct());
            Assert.Equal(invoice.OrderBy(m => ids.IndexOf(m.IdHeader!)).Select(m => m.Offset), invoice.Select(m => m.Offset).Order());
        }
    }
}
