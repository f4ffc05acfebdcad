using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DocStream.IngestApi.Apis;
using DocStream.IngestApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DocStream.IngestApi.Tests;

/// <summary>Many clients at once, some retrying with the same ids: everything acknowledged is in Kafka, exactly as often as acknowledged.</summary>
[Collection(IngestApiCollection.Name)]
public sealed class ConcurrentLoadTests(IngestApiHost host, ITestOutputHelper output)
{
    private const int Clients = 32;
    private const int DocumentsPerClient = 200;

    [Fact]
    public async Task Under_32_concurrent_clients_with_retries_every_acknowledged_document_is_in_Kafka_exactly_as_often_as_acknowledged()
    {
        var run = Guid.NewGuid().ToString("N")[..12];
        var acknowledged = new ConcurrentDictionary<string, int>(); // id -> 2xx answers (per document)
        var attempted = new ConcurrentDictionary<string, int>();    // id -> times sent
        var unavailable = 0;
        var reader = host.Reader();
        var before = reader.EndOffsetTotal();

        await Parallel.ForEachAsync(Enumerable.Range(0, Clients), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (c, ct) =>
        {
            using var client = host.CreateClient();
            // Half the documents one by one, half in batches of 20; every 7th is sent a second time, as a
            // client does when it lost the answer.
            for (var j = 0; j < DocumentsPerClient / 2; j++)
            {
                var id = $"load-{run}-{c}-{j}";
                for (var attempt = 0; attempt < (j % 7 == 0 ? 2 : 1); attempt++)
                {
                    attempted.AddOrUpdate(id, 1, (_, n) => n + 1);
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/invoices") { Content = Row(c, j).ToJsonContent() };
                    request.Headers.Add("Idempotency-Key", id);
                    using var response = await client.SendAsync(request, ct);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.AddOrUpdate(id, 1, (_, n) => n + 1);
                    }
                    else
                    {
                        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                        Interlocked.Increment(ref unavailable);
                    }
                }
            }
            for (var start = DocumentsPerClient / 2; start < DocumentsPerClient; start += 20)
            {
                var rows = Enumerable.Range(start, 20).Select(j => { var row = Row(c, j); row["Id"] = $"load-{run}-{c}-{j}"; return row; }).ToList();
                for (var attempt = 0; attempt < (start % 60 == 0 ? 2 : 1); attempt++)
                {
                    foreach (var row in rows)
                    {
                        attempted.AddOrUpdate((string)row["Id"]!, 1, (_, n) => n + 1);
                    }
                    using var response = await client.PostAsync("/api/v1/invoices/batch",
                        new StringContent(string.Join("\n", rows.Select(r => r.ToJsonString())), Encoding.UTF8, "application/x-ndjson"), ct);
                    var result = await response.Content.ReadFromJsonAsync<BatchResult>(ct);
                    Assert.NotNull(result);
                    foreach (var r in result.Results)
                    {
                        if (r.Status == DocumentResult.AcceptedStatus)
                        {
                            acknowledged.AddOrUpdate(r.Id!, 1, (_, n) => n + 1);
                        }
                        else
                        {
                            Assert.Equal(DocumentResult.FailedStatus, r.Status);
                            Interlocked.Increment(ref unavailable);
                        }
                    }
                }
            }
        });

        var stored = reader.ReadAll().Where(m => m.IdHeader?.StartsWith($"load-{run}-", StringComparison.Ordinal) == true).ToList();
        var storedCounts = stored.GroupBy(m => m.IdHeader!).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"sent {attempted.Values.Sum()}, acknowledged {acknowledged.Values.Sum()} ({acknowledged.Count} ids), 503 {unavailable}, stored {stored.Count}");

        Assert.Equal(Clients * DocumentsPerClient, attempted.Count);
        Assert.True(acknowledged.Count > Clients * DocumentsPerClient * 9 / 10, $"only {acknowledged.Count} documents acknowledged");
        foreach (var (id, acks) in acknowledged)
        {
            // Never lost: at least as often as acknowledged. Never duplicated by the API: at most as often as sent.
            var count = storedCounts.GetValueOrDefault(id);
            Assert.True(count >= acks && count <= attempted[id], $"{id}: acknowledged {acks}x, sent {attempted[id]}x, in Kafka {count}x");
        }
        Assert.Empty(storedCounts.Keys.Except(attempted.Keys)); // nothing that was never sent
        if (unavailable == 0)
        {
            // With no timeout at all, Kafka holds exactly what was acknowledged.
            Assert.Equal(acknowledged, storedCounts.OrderBy(e => e.Key).ToDictionary());
            Assert.Equal(before + acknowledged.Values.Sum(), reader.EndOffsetTotal());
        }
        Assert.All(stored, m => Assert.Equal(m.IdHeader, m.Line.Id));
    }

    private static JsonObject Row(int client, int j)
    {
        var row = RealRows.First();
        row["InvoiceNo"] = (560000 + client * 100 + j / 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        row["Quantity"] = j - 50;
        return row;
    }
}

internal static class JsonContentExtensions
{
    public static StringContent ToJsonContent(this JsonObject row) => new(row.ToJsonString(), Encoding.UTF8, "application/json");
}
