using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>
/// One test's pipeline: the Kafka emulator in-process, the MongoDB emulator as a process (temp data
/// directory), a producer that writes messages exactly as the ingest API does, processor processes,
/// and the checks on what ended up in MongoDB. Disposing stops everything it started.
/// </summary>
internal sealed class TestPipeline : IAsyncDisposable
{
    public const string Topic = PipelineNames.IngestTopic;
    public const string DeadLetterTopic = PipelineNames.DeadLetterTopic;

    private readonly ITestOutputHelper _output;
    private readonly DocStream.KafkaEmulator.KafkaEmulator _kafka;
    private readonly IProducer<string?, byte[]> _producer;
    private readonly List<ProcessorProcess> _processors = [];
    private readonly string _dataDirectory;

    public MongoEmulatorProcess Mongo { get; }

    public IMongoDatabase Database { get; }

    public IMongoCollection<BsonDocument> Invoices => Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);

    public IMongoCollection<BsonDocument> DeadLetters => Database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);

    public string BootstrapServers => _kafka.BootstrapServers;

    public string GroupId { get; } = "processor-tests-" + Guid.NewGuid().ToString("N")[..8];

    public int Partitions { get; }

    private TestPipeline(ITestOutputHelper output, DocStream.KafkaEmulator.KafkaEmulator kafka, MongoEmulatorProcess mongo, string dataDirectory, int partitions)
    {
        Partitions = partitions;
        _output = output;
        _kafka = kafka;
        Mongo = mongo;
        _dataDirectory = dataDirectory;
        var settings = MongoClientSettings.FromConnectionString(mongo.ConnectionString);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(15);
        Database = new MongoClient(settings).GetDatabase(PipelineNames.Database);
        _producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            // As the ingest API: acknowledged means durable and ordered; zstd keeps the emulator's 5 MiB per partition far.
            Acks = Acks.All,
            EnableIdempotence = true,
            CompressionType = CompressionType.Zstd,
            LingerMs = 5,
            BatchNumMessages = 10_000,
        }).Build();
    }

    public static async Task<TestPipeline> StartAsync(ITestOutputHelper output, int partitions = PipelineNames.IngestTopicPartitions)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("docstream-processor-tests-").FullName;
        var kafka = DocStream.KafkaEmulator.KafkaEmulator.Start(0, [(Topic, partitions), (DeadLetterTopic, 1)]);
        MongoEmulatorProcess? mongo = null;
        try
        {
            mongo = await MongoEmulatorProcess.StartAsync(dataDirectory);
            return new TestPipeline(output, kafka, mongo, dataDirectory, partitions);
        }
        catch
        {
            if (mongo is not null)
            {
                await mongo.DisposeAsync();
            }
            await kafka.DisposeAsync();
            throw;
        }
    }

    public ProcessorSettings Settings => new(Topic, DeadLetterTopic, GroupId);

    /// <summary>Takes the Kafka broker down (connections dropped and refused, data kept) or brings it back.</summary>
    public void SetKafkaDown(bool down) => _kafka.SetBrokerDown(down);

    /// <summary>
    /// Arms MongoDB's <c>failCommand</c> fail point for the processor's next <paramref name="times"/> writes of
    /// invoices: each is held <paramref name="block"/> before it runs (and then applied), as a slow server would.
    /// </summary>
    public Task HoldNextInvoiceWritesAsync(TimeSpan block, int times = 1) =>
        Database.Client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument
        {
            { "configureFailPoint", "failCommand" },
            { "mode", new BsonDocument("times", times) },
            { "data", new BsonDocument
                {
                    { "failCommands", new BsonArray { "update" } },
                    { "namespace", $"{PipelineNames.Database}.{PipelineNames.InvoicesCollection}" },
                    { "appName", "DocStream.StreamProcessor" },
                    { "blockConnection", true },
                    { "blockTimeMS", (int)block.TotalMilliseconds },
                }
            },
        });

    /// <summary>Starts a processor process; the pipeline kills it on dispose if the test did not.</summary>
    public async Task<ProcessorProcess> StartProcessorAsync(string instanceId, ProcessorSettings? settings = null)
    {
        var processor = await ProcessorProcess.StartAsync(_kafka.BootstrapServers, Mongo.ConnectionString, settings ?? Settings, instanceId);
        _processors.Add(processor);
        return processor;
    }

    /// <summary>The message the ingest API writes for <paramref name="line"/>: key InvoiceNo, JSON value, id header.</summary>
    public static Message<string?, byte[]> MessageFor(InvoiceLine line) => new()
    {
        Key = line.InvoiceNo,
        Value = InvoiceLineJson.Serialize(line),
        Headers = new Headers { { PipelineNames.DocumentIdHeader, Encoding.UTF8.GetBytes(line.Id) } },
    };

    /// <summary>
    /// Produces <paramref name="messages"/> in order and waits until Kafka acknowledged every one; returns
    /// where each landed (partition and offset), in the same order.
    /// </summary>
    public async Task<TopicPartitionOffset[]> ProduceAsync(IEnumerable<Message<string?, byte[]>> messages, string topic = Topic,
        IProducer<string?, byte[]>? producer = null)
    {
        producer ??= _producer;
        var list = messages as IReadOnlyList<Message<string?, byte[]>> ?? messages.ToList();
        var positions = new TopicPartitionOffset[list.Count];
        var failures = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var index = i;
            while (true)
            {
                try
                {
                    producer.Produce(topic, list[i], report =>
                    {
                        positions[index] = report.TopicPartitionOffset;
                        if (report.Error.IsError)
                        {
                            Interlocked.Increment(ref failures);
                        }
                    });
                    break;
                }
                catch (ProduceException<string?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
        var left = await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(60)));
        Assert.True(left == 0, $"Kafka did not acknowledge {left} message(s) within 60 s.");
        Assert.Equal(0, failures);
        _output.WriteLine($"Produced {list.Count} message(s) to {topic}.");
        return positions;
    }

    /// <summary>A producer like the API's but without compression: fills the emulator's 5 MiB per partition quickly.</summary>
    public IProducer<string?, byte[]> UncompressedProducer() => new ProducerBuilder<string?, byte[]>(new ProducerConfig
    {
        BootstrapServers = _kafka.BootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = true,
        CompressionType = CompressionType.None,
        LingerMs = 5,
    }).Build();

    /// <summary>The group's committed offsets by partition (-1001 when nothing is committed).</summary>
    public Dictionary<int, long> Committed(string? groupId = null)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = groupId ?? GroupId,
            EnableAutoCommit = false,
        }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p)).ToList();
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    /// <summary>Low and high watermarks (first offset still in the log, next offset) of a partition of the ingest topic.</summary>
    public WatermarkOffsets Watermarks(int partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "watermarks-" + Guid.NewGuid().ToString("N"),
        }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(Topic, partition), TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits until the group has committed every message of the ingest topic (all consumed and written).</summary>
    public async Task WaitForGroupCaughtUpAsync(TimeSpan timeout, string? groupId = null)
    {
        var high = Enumerable.Range(0, Partitions).ToDictionary(p => p, p => Watermarks(p).High.Value);
        await WaitUntilAsync(() => Task.FromResult(Committed(groupId).All(c => c.Value == high[c.Key] || (high[c.Key] == 0 && c.Value < 0))),
            timeout, $"group {groupId ?? GroupId} to commit every message ({high.Values.Sum()})");
    }

    public Task<TopicPartitionOffset[]> ProduceLinesAsync(IEnumerable<InvoiceLine> lines) => ProduceAsync(lines.Select(MessageFor));

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            }
            await Task.Delay(100);
        }
    }

    public async Task<long> CountInvoicesAsync()
    {
        try
        {
            return await Invoices.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            return -1;
        }
    }

    /// <summary>Waits until the store holds <paramref name="count"/> invoice lines (and then a moment longer, to catch extras).</summary>
    public async Task WaitForInvoicesAsync(long count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        long seen = 0;
        await WaitUntilAsync(async () => (seen = await CountInvoicesAsync()) >= count, timeout, $"{count} documents in MongoDB (last count {seen})");
        _output.WriteLine($"{count} documents stored after {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>
    /// The store holds exactly <paramref name="expected"/>: the same count, the same ids, and every document
    /// byte-for-byte the BSON the contract gives for its line (every field, with its BSON type).
    /// </summary>
    public async Task AssertStoreEqualsAsync(IReadOnlyList<InvoiceLine> expected)
    {
        var stored = await Invoices.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        var expectedById = expected.ToDictionary(l => l.Id);
        Assert.Equal(expectedById.Count, expected.Count); // the input itself has unique ids
        var storedById = stored.ToDictionary(d => d["_id"].AsString);
        var extra = storedById.Keys.Where(id => !expectedById.ContainsKey(id)).Take(3).Select(id => storedById[id].ToJson()).ToList();
        Assert.True(extra.Count == 0, $"The store holds documents that are not in the input, e.g. {string.Join("; ", extra)}.");
        Assert.Equal(expected.Count, stored.Count);
        Assert.Equal(expected.Count, storedById.Count);
        var missing = expectedById.Keys.Where(id => !storedById.ContainsKey(id)).Take(5).ToList();
        Assert.True(missing.Count == 0, $"Missing documents, e.g. {string.Join(", ", missing)}.");
        var wrong = 0;
        string? firstWrong = null;
        foreach (var (id, line) in expectedById)
        {
            var want = line.ToBsonDocument();
            // The documented fields compare exactly; _meta (where it was read, when stored) is the processor's own.
            var got = storedById[id].DeepClone().AsBsonDocument;
            if (got.TryGetValue("_meta", out var meta) && meta is BsonDocument m && m.Contains("partition") && m.Contains("offset") && m.Contains("storedAt"))
            {
                got.Remove("_meta");
            }
            else
            {
                wrong++;
                firstWrong ??= $"{id}: no _meta with partition, offset and storedAt in {got.ToJson()}";
                continue;
            }
            if (!want.Equals(got))
            {
                wrong++;
                firstWrong ??= $"{id}: expected {want.ToJson()} but stored {got.ToJson()}";
            }
        }
        Assert.True(wrong == 0, $"{wrong} stored document(s) differ from the input; first: {firstWrong}");
    }

    public async Task<List<BsonDocument>> DeadLettersOfKindAsync(string kind) =>
        await DeadLetters.Find(Builders<BsonDocument>.Filter.Eq("kind", kind)).ToListAsync();

    /// <summary>Every message now on the dead-letter topic (read from the start by a throw-away consumer).</summary>
    public List<ConsumeResult<string?, byte[]>> ReadDeadLetterTopic(int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "dlq-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(DeadLetterTopic, 0, Offset.Beginning));
        var results = new List<ConsumeResult<string?, byte[]>>();
        var clock = Stopwatch.StartNew();
        while (results.Count < expected && clock.Elapsed < timeout)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } r)
            {
                results.Add(r);
            }
        }
        // Anything beyond the expected count would be a duplicate: give it a moment to show up.
        while (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { IsPartitionEOF: false } extra)
        {
            results.Add(extra);
        }
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processors)
        {
            _output.WriteLine($"--- {p.Process.Name} output (tail) ---");
            foreach (var line in p.Process.Lines.Where(l => !l.Contains("Microsoft.Hosting.Lifetime", StringComparison.Ordinal)).TakeLast(int.Parse(Environment.GetEnvironmentVariable("DOCSTREAM_TEST_LOG_TAIL") ?? "15", System.Globalization.CultureInfo.InvariantCulture)))
            {
                _output.WriteLine(line);
            }
            await p.DisposeAsync();
        }
        _producer.Dispose();
        await Mongo.DisposeAsync();
        await _kafka.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
