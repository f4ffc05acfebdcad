using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DocStream.Contracts;
using DocStream.StreamProcessor.Writing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DocStream.Observability.Tests;

[Trait("Category", "Observability")]
public sealed class TraceTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    [Fact]
    public async Task One_document_makes_one_connected_trace_from_the_http_request_to_the_mongodb_write()
    {
        using var client = host.CreateIngestClient();
        var id = "otel-" + Guid.NewGuid().ToString("N");
        using var response = await client.PostAsJsonAsync("/api/v1/invoices", new
        {
            Id = id,
            InvoiceNo = "536365",
            StockCode = "85123A",
            Description = "WHITE HANGING HEART T-LIGHT HOLDER",
            Quantity = 6,
            InvoiceDate = "12/1/2010 8:26",
            UnitPrice = 2.55m,
            CustomerID = 17850,
            Country = "United Kingdom",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var request = await WaitForSpanAsync(s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), "/api/v1/invoices"));
        var trace = request.TraceId;
        var send = await WaitForSpanAsync(s => s.TraceId == trace && s.Kind == ActivityKind.Producer);
        var process = await WaitForSpanAsync(s => s.TraceId == trace && s.Kind == ActivityKind.Consumer);
        var write = await WaitForSpanAsync(s => s.TraceId == trace && s.Source.Name == "MongoDB.Driver"
            && Equals(s.GetTagItem("db.collection.name"), PipelineNames.InvoicesCollection));

        Assert.Equal(request.SpanId, send.ParentSpanId);
        Assert.Equal("kafka", send.GetTagItem("messaging.system"));
        Assert.Equal(PipelineNames.IngestTopic, send.GetTagItem("messaging.destination.name"));
        Assert.NotNull(send.GetTagItem("messaging.destination.partition.id"));
        Assert.NotNull(send.GetTagItem("messaging.kafka.offset"));

        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Contains(process.Links, l => l.Context.SpanId == send.SpanId);
        Assert.Equal(PipelineNames.IngestTopic, process.GetTagItem("messaging.destination.name"));
        Assert.Equal(1, process.GetTagItem("messaging.batch.message_count"));

        Assert.True(IsDescendant(write, process), "the MongoDB write belongs to the processing span");
        Assert.Equal(PipelineNames.Database, write.GetTagItem("db.namespace"));
    }

    [Fact]
    public async Task A_batch_processed_from_many_requests_links_to_each_producing_span()
    {
        using var client = host.CreateIngestClient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = $"otel-link-{i}-" + Guid.NewGuid().ToString("N");
            ids.Add(id);
            using var response = await client.PostAsJsonAsync("/api/v1/invoices/batch", new[]
            {
                new { Id = id, InvoiceNo = "C536379", StockCode = "D", Description = "Discount", Quantity = -1, InvoiceDate = "2010-12-01T09:41:00", UnitPrice = 27.5m, CustomerID = (int?)14527, Country = "United Kingdom" },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var producers = await WaitForAsync(() =>
        {
            lock (host.Spans)
            {
                var found = host.Spans.Where(s => s.Kind == ActivityKind.Producer && Equals(s.GetTagItem("messaging.batch.message_count"), 1)).ToList();
                return found.Count >= 3 ? found : null;
            }
        });
        // Every producing span is linked from (or parent of) some processing span.
        foreach (var producer in producers.TakeLast(3))
        {
            await WaitForSpanAsync(s => s.Kind == ActivityKind.Consumer
                && (s.ParentSpanId == producer.SpanId || s.Links.Any(l => l.Context.SpanId == producer.SpanId)));
        }
    }

    [Fact]
    public async Task Each_replayer_sized_batch_request_has_its_own_connected_trace_down_to_its_mongodb_write()
    {
        using var client = host.CreateIngestClient();
        // Three requests of 300 documents sent at once: the processor may take them in one micro-batch, and
        // each request's trace must still reach its own MongoDB write.
        var requests = Enumerable.Range(0, 3).Select(async r =>
        {
            var batch = Enumerable.Range(0, 300).Select(i => new
            {
                Id = $"otel-big-{r}-{i}-" + Guid.NewGuid().ToString("N")[..8],
                InvoiceNo = $"5400{r}0",
                StockCode = "22423",
                Description = "REGENCY CAKESTAND 3 TIER",
                Quantity = 1,
                InvoiceDate = "1/4/2011 10:00",
                UnitPrice = 12.75m,
                CustomerID = (int?)null,
                Country = "United Kingdom",
            }).ToArray();
            using var response = await client.PostAsJsonAsync("/api/v1/invoices/batch", batch);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return batch[0].Id;
        }).ToList();
        await Task.WhenAll(requests);

        var batchRequests = await WaitForAsync(() =>
        {
            lock (host.Spans)
            {
                var found = host.Spans.Where(s => s.Kind == ActivityKind.Producer && Equals(s.GetTagItem("messaging.batch.message_count"), 300)).ToList();
                return found.Count >= 3 ? found : null;
            }
        });
        foreach (var send in batchRequests)
        {
            var process = await WaitForSpanAsync(s => s.TraceId == send.TraceId && s.Kind == ActivityKind.Consumer);
            var write = await WaitForSpanAsync(s => s.TraceId == send.TraceId && s.Source.Name == "MongoDB.Driver"
                && Equals(s.GetTagItem("db.collection.name"), PipelineNames.InvoicesCollection));
            Assert.True(IsDescendant(process, send), "the processing span continues the request's trace");
            Assert.True(IsDescendant(write, process), "the MongoDB write belongs to the request's processing span");
        }
    }

    [Fact]
    public async Task A_request_split_across_two_micro_batches_still_reaches_a_mongodb_write_in_its_own_trace()
    {
        // Fetches and the time bound know nothing of requests: a 300-document request can arrive as 150 + 150 in two
        // batches, each shared with another request. Each part must still be written in the request's trace.
        var writer = host.Processor.Services.GetRequiredService<InvoiceWriter>();
        var (whole, split) = (NewOrigin(), NewOrigin());
        var batch = Lines("split-a", 300).Select(l => (l, whole)).Concat(Lines("split-b", 150).Select(l => (l, split))).ToList();
        var outcome = await writer.UpsertAsync([.. batch.Select(b => b.l)], [.. batch.Select(b => b.Item2)], CancellationToken.None);
        Assert.Equal(450, outcome.Written);

        foreach (var origin in new[] { whole, split })
        {
            var process = await WaitForSpanAsync(s => s.TraceId == origin.TraceId && s.Kind == ActivityKind.Consumer);
            Assert.Equal(origin.SpanId, process.ParentSpanId);
            var write = await WaitForSpanAsync(s => s.TraceId == origin.TraceId && s.Source.Name == "MongoDB.Driver"
                && Equals(s.GetTagItem("db.collection.name"), PipelineNames.InvoicesCollection));
            Assert.True(IsDescendant(write, process), "the part's MongoDB write belongs to the request's processing span");
        }

        static ActivityContext NewOrigin() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        static IEnumerable<InvoiceLine> Lines(string prefix, int count) => Enumerable.Range(0, count).Select(i => new InvoiceLine
        {
            Id = $"otel-{prefix}-{i}-{Guid.NewGuid():N}",
            InvoiceNo = "540100",
            StockCode = "22423",
            Description = "REGENCY CAKESTAND 3 TIER",
            Quantity = 1,
            InvoiceDate = new DateTime(2011, 1, 4, 10, 0, 0, DateTimeKind.Utc),
            UnitPrice = 12.75m,
            Country = "United Kingdom",
        });
    }

    private bool IsDescendant(Activity child, Activity ancestor)
    {
        lock (host.Spans)
        {
            var bySpan = host.Spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            var current = child;
            for (var depth = 0; depth < 10 && current is not null; depth++)
            {
                if (current.ParentSpanId == ancestor.SpanId)
                {
                    return true;
                }
                current = bySpan.GetValueOrDefault(current.ParentSpanId);
            }
            return false;
        }
    }

    private Task<Activity> WaitForSpanAsync(Func<Activity, bool> match) => WaitForAsync(() =>
    {
        lock (host.Spans)
        {
            return host.Spans.FirstOrDefault(match);
        }
    });

    private static async Task<T> WaitForAsync<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The expected telemetry did not appear within 30 s.");
    }
}
