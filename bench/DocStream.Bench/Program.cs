using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;
using MongoDB.Bson;
using MongoDB.Driver;

// Helper of bench/processor.sh. Commands:
//   preload <bootstrap> <csv.gz>                      all rows into ingestion-topic, as the API writes them (zstd)
//   drain <mongo-url> <expected> <timeout-s>          waits for the store to hold <expected> documents; prints the rate
//   latency <api-url> <api-key> <mongo-url> <csv.gz> <docs-per-s> <seconds>
//                                                     steady load through the API; ack -> readable in MongoDB, p50/p99
var invariant = CultureInfo.InvariantCulture;
return args.FirstOrDefault() switch
{
    "preload" => Preload(args[1], args[2]),
    "drain" => await DrainAsync(args[1], long.Parse(args[2], invariant), int.Parse(args[3], invariant)),
    "mongo-write" => await MongoWriteAsync(args[1], args[2], int.Parse(args[3], invariant), int.Parse(args[4], invariant)),
    "latency" => await LatencyAsync(args[1], args[2], args[3], args[4], int.Parse(args[5], invariant), int.Parse(args[6], invariant)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DocStream.Bench preload|drain|latency ... (see bench/processor.sh)");
    return 2;
}

static IEnumerable<InvoiceLine> Rows(string file, string idPrefix)
{
    using var reader = InvoiceCsvReader.Open(file);
    foreach (var row in ReplayRowSource.Read(reader, new InvoiceRowMapper(idPrefix), 0, null, new ReplayStatistics()))
    {
        if (row.Document is { } d)
        {
            yield return d.Line;
        }
    }
}

static int Preload(string bootstrap, string file)
{
    using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrap,
        // The API's settings: idempotent, acks=all, zstd (keeps each partition under the emulator's ~5 MiB).
        Acks = Acks.All,
        EnableIdempotence = true,
        CompressionType = CompressionType.Zstd,
        LingerMs = 20,
        BatchNumMessages = 10_000,
        QueueBufferingMaxMessages = 500_000,
    }).Build();
    var clock = Stopwatch.StartNew();
    long sent = 0, failed = 0;
    foreach (var line in Rows(file, "online-retail"))
    {
        var message = new Message<string, byte[]>
        {
            Key = line.InvoiceNo,
            Value = InvoiceLineJson.Serialize(line),
            Headers = new Headers { { PipelineNames.DocumentIdHeader, Encoding.UTF8.GetBytes(line.Id) } },
        };
        while (true)
        {
            try
            {
                producer.Produce(PipelineNames.IngestTopic, message, r =>
                {
                    if (r.Error.IsError)
                    {
                        Interlocked.Increment(ref failed);
                    }
                });
                break;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(20));
            }
        }
        sent++;
    }
    if (producer.Flush(TimeSpan.FromSeconds(120)) > 0 || failed > 0)
    {
        Console.Error.WriteLine($"preload: {failed} message(s) failed or unacknowledged.");
        return 1;
    }
    Console.WriteLine($"preload: {sent} messages in {clock.Elapsed.TotalSeconds:0.0} s");
    return 0;
}

static IMongoDatabase Database(string url)
{
    var settings = MongoClientSettings.FromConnectionString(url);
    settings.ServerSelectionTimeout = TimeSpan.FromSeconds(10);
    return new MongoClient(settings).GetDatabase(PipelineNames.Database);
}

static async Task<int> DrainAsync(string mongoUrl, long expected, int timeoutSeconds)
{
    var invoices = Database(mongoUrl).GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
    var clock = Stopwatch.StartNew();
    TimeSpan? firstAt = null;
    long firstCount = 0, count = 0;
    while (clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
    {
        count = await invoices.EstimatedDocumentCountAsync();
        if (count > 0 && firstAt is null)
        {
            (firstAt, firstCount) = (clock.Elapsed, count);
        }
        if (count >= expected)
        {
            var seconds = (clock.Elapsed - firstAt!.Value).TotalSeconds;
            var rate = (count - firstCount) / Math.Max(seconds, 0.001);
            Console.WriteLine($"drain: {count} documents; from the first stored document to the last: {seconds:0.00} s; " +
                $"since the processor started: {clock.Elapsed.TotalSeconds:0.00} s");
            Console.WriteLine($"BENCH processor.docs_per_s={rate.ToString("0", CultureInfo.InvariantCulture)}");
            return 0;
        }
        await Task.Delay(100);
    }
    Console.Error.WriteLine($"drain: only {count} of {expected} documents after {timeoutSeconds} s.");
    return 1;
}

// The MongoDB side alone: the processor's write (unordered ReplaceOne upserts by _id, w:majority) without Kafka.
static async Task<int> MongoWriteAsync(string mongoUrl, string file, int count, int batch)
{
    var invoices = Database(mongoUrl).GetCollection<InvoiceLine>("mongo_write_bench").WithWriteConcern(WriteConcern.WMajority);
    var rows = Rows(file, Environment.GetEnvironmentVariable("ID_PREFIX") ?? "mongo-write").Take(count).ToList();
    var clock = Stopwatch.StartNew();
    foreach (var chunk in rows.Chunk(batch))
    {
        var models = chunk.Select(l => new ReplaceOneModel<InvoiceLine>(new BsonDocumentFilterDefinition<InvoiceLine>(new BsonDocument("_id", l.Id)), l) { IsUpsert = true });
        await invoices.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false });
    }
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"mongo-write: {rows.Count} upserts in batches of {batch}: {seconds:0.00} s");
    Console.WriteLine($"BENCH mongo_emulator.upserts_per_s={(rows.Count / seconds).ToString("0", CultureInfo.InvariantCulture)}");
    return 0;
}

static async Task<int> LatencyAsync(string apiUrl, string apiKey, string mongoUrl, string file, int perSecond, int seconds)
{
    const int tickMs = 10;
    var perTick = Math.Max(1, perSecond * tickMs / 1000);
    var total = perSecond * seconds;
    var runId = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
    var rows = Rows(file, "bench").Take(total).Select((l, i) => l with { Id = $"bench-{runId}:{i}" }).ToList();

    using var http = new HttpClient { BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromSeconds(10) };
    http.DefaultRequestHeaders.Add(PipelineNames.ApiKeyHeader, apiKey);
    var invoices = Database(mongoUrl).GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);

    var acked = new System.Collections.Concurrent.ConcurrentQueue<(string Id, long At)>();
    var latencies = new List<double>(total);
    long failures = 0;
    var sending = true;

    // Poller: every pending id is looked up by _id; found = readable. Resolution: one round trip (a few ms).
    var poller = Task.Run(async () =>
    {
        var pending = new Dictionary<string, long>();
        while (sending || pending.Count > 0 || !acked.IsEmpty)
        {
            while (acked.TryDequeue(out var a))
            {
                pending[a.Id] = a.At;
            }
            if (pending.Count == 0)
            {
                await Task.Delay(2);
                continue;
            }
            var ids = pending.Keys.Take(5000).ToList();
            var found = await invoices.Find(Builders<BsonDocument>.Filter.In("_id", ids)).Project("{_id: 1}").ToListAsync();
            var now = Stopwatch.GetTimestamp();
            foreach (var d in found)
            {
                var id = d["_id"].AsString;
                if (pending.Remove(id, out var at))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                }
            }
            if (found.Count == 0)
            {
                await Task.Delay(1);
            }
        }
    });

    // Sender: a batch of perTick documents every tick, each request in flight on its own.
    var clock = Stopwatch.StartNew();
    var requests = new List<Task>();
    for (var sent = 0; sent < total; sent += perTick)
    {
        var due = TimeSpan.FromMilliseconds((double)sent / perTick * tickMs);
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }
        var batch = rows.Skip(sent).Take(perTick).ToArray();
        requests.Add(SendAsync(batch));
    }
    await Task.WhenAll(requests);
    var sendSeconds = clock.Elapsed.TotalSeconds;
    sending = false;
    var finished = await Task.WhenAny(poller, Task.Delay(TimeSpan.FromSeconds(60)));
    if (finished != poller)
    {
        Console.Error.WriteLine($"latency: documents still unreadable 60 s after the last acknowledgement.");
        return 1;
    }

    latencies.Sort();
    double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];
    Console.WriteLine($"latency: {latencies.Count} documents acknowledged and read back ({failures} not acknowledged) " +
        $"at {latencies.Count / sendSeconds:0} docs/s; max {latencies[^1]:0} ms");
    Console.WriteLine($"BENCH e2e.latency.p50_ms={Percentile(0.50).ToString("0", CultureInfo.InvariantCulture)}");
    Console.WriteLine($"BENCH e2e.latency.p99_ms={Percentile(0.99).ToString("0", CultureInfo.InvariantCulture)}");
    return failures == 0 ? 0 : 1;

    async Task SendAsync(InvoiceLine[] batch)
    {
        var body = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, InvoiceLineJson.Default.InvoiceLineArray));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.PostAsync("/api/v1/invoices/batch", body);
            var at = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Add(ref failures, batch.Length);
                return;
            }
            // Every document of a 200 answer is acknowledged unless the answer says otherwise.
            using var json = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            foreach (var result in json.RootElement.GetProperty("Results").EnumerateArray())
            {
                if (result.GetProperty("Status").GetString() == "accepted")
                {
                    acked.Enqueue((result.GetProperty("Id").GetString()!, at));
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Add(ref failures, batch.Length);
        }
    }
}
