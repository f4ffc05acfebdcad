using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DocStream.Contracts;
using DocStream.IngestApi.Apis;
using DocStream.IngestApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DocStream.IngestApi.Tests;

/// <summary>Its own API and emulator: Kafka goes away and comes back on the same port.</summary>
public sealed class BrokerOutageTests(IngestApiHost host, ITestOutputHelper output) : IClassFixture<IngestApiHost>
{
    [Fact]
    public async Task With_the_broker_down_requests_answer_503_with_Retry_After_fast_and_succeed_again_once_it_is_back()
    {
        using var client = host.CreateClient();
        using (var before = await PostSingleAsync(client, RealRows.NewId("before")))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        await host.StopKafkaAsync();

        var watch = Stopwatch.StartNew();
        var downId = RealRows.NewId("down");
        using (var single = await PostSingleAsync(client, downId))
        {
            var singleSeconds = watch.Elapsed.TotalSeconds;
            output.WriteLine($"single 503 after {singleSeconds:0.000} s");
            var problem = await HttpAssert.ProblemAsync(single, HttpStatusCode.ServiceUnavailable, "single while down");
            // The id to retry with: a document the broker receives late is then the same document, not a second one.
            Assert.Equal(downId, problem.GetProperty("id").GetString());
            Assert.True(single.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero, "Retry-After is missing");
            Assert.True(singleSeconds < 5, $"503 took {singleSeconds:0.0} s");
        }

        watch.Restart();
        using (var batch = await client.PostAsync("/api/v1/invoices/batch",
            new StringContent($"[{RealRows.First().ToJsonString()},{RealRows.With("InvoiceDate", "2/30/2011 8:26").ToJsonString()}]", Encoding.UTF8, "application/json")))
        {
            var batchSeconds = watch.Elapsed.TotalSeconds;
            output.WriteLine($"batch 503 after {batchSeconds:0.000} s");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, batch.StatusCode);
            Assert.True(batch.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero, "Retry-After is missing");
            Assert.True(batchSeconds < 5, $"503 took {batchSeconds:0.0} s");
            var result = await batch.Content.ReadFromJsonAsync<BatchResult>();
            Assert.Equal((0, 1, 1), (result!.Accepted, result.Rejected, result.Failed));
            Assert.Equal(["failed", "rejected"], result.Results.Select(r => r.Status));
        }

        using (var alive = await client.GetAsync("/alive"))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode); // the process is fine...
        }
        using (var health = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode); // ...and says Kafka is not
        }

        host.StartKafka();
        watch.Restart();
        var id = RealRows.NewId("after");
        HttpStatusCode status;
        do
        {
            using var again = await PostSingleAsync(client, id);
            status = again.StatusCode;
        }
        while (status != HttpStatusCode.Created && watch.Elapsed < TimeSpan.FromSeconds(60));
        output.WriteLine($"recovered after {watch.Elapsed.TotalSeconds:0.000} s");
        Assert.Equal(HttpStatusCode.Created, status);

        // Once back, every new request succeeds at once, and lands in the new cluster.
        var ids = Enumerable.Range(0, 20).Select(i => RealRows.NewId("steady")).ToList();
        foreach (var next in ids)
        {
            using var response = await PostSingleAsync(client, next);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        using (var batchAfter = await client.PostAsync("/api/v1/invoices/batch",
            new StringContent(RealRows.First().ToJsonString(), Encoding.UTF8, "application/x-ndjson")))
        {
            Assert.Equal(HttpStatusCode.OK, batchAfter.StatusCode);
        }
        Assert.Equal(ids.Order(), host.Reader().ReadIds(ids).Select(m => m.IdHeader!).Order());
    }

    private static async Task<HttpResponseMessage> PostSingleAsync(HttpClient client, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/invoices")
        {
            Content = new StringContent(RealRows.First().ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", id);
        return await client.SendAsync(request);
    }
}
