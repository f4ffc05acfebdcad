using System.Text;
using Confluent.Kafka;
using Xunit;

namespace DocStream.KafkaEmulator.Tests;

/// <summary>Drives the emulator with the official client, as the services do.</summary>
public sealed class KafkaEmulatorConformanceTests : IAsyncLifetime
{
    private const string Topic = "conformance";
    private KafkaEmulator _emulator = null!;

    public Task InitializeAsync()
    {
        _emulator = KafkaEmulator.Start(0, [(Topic, 3)]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public void Reports_the_created_topic_with_its_partitions_in_metadata()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _emulator.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10));
        var topic = Assert.Single(metadata.Topics);
        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.Equal(3, topic.Partitions.Count);
    }

    [Fact]
    public async Task Acknowledges_idempotent_produces_and_delivers_every_message_to_a_consumer_group()
    {
        const int count = 10_000;
        using (var producer = NewProducer())
        {
            var deliveries = new List<Task<DeliveryResult<string, string>>>(count);
            for (var i = 0; i < count; i++)
            {
                deliveries.Add(producer.ProduceAsync(Topic, new Message<string, string> { Key = $"invoice-{i % 50}", Value = $"doc-{i}" }));
            }
            var results = await Task.WhenAll(deliveries);
            Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
            // Same key, same partition: an invoice's lines stay in order.
            Assert.All(results.GroupBy(r => r.Message.Key), g => Assert.Single(g.Select(r => r.Partition.Value).Distinct()));
        }

        var seen = ConsumeAll("group-a", count, commit: true);
        Assert.Equal(count, seen.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"doc-{i}").Order(), seen.Order());
    }

    [Fact]
    public async Task A_restarted_consumer_resumes_from_its_committed_offset()
    {
        using (var producer = NewProducer())
        {
            for (var i = 0; i < 100; i++)
            {
                await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = $"first-{i}" });
            }
        }
        Assert.Equal(100, ConsumeAll("group-b", 100, commit: true).Count);

        using (var producer = NewProducer())
        {
            for (var i = 0; i < 20; i++)
            {
                await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = $"second-{i}" });
            }
        }
        var second = ConsumeAll("group-b", 20, commit: true);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"second-{i}"), second);
    }

    [Fact]
    public void Carries_headers_such_as_the_trace_context()
    {
        using (var producer = NewProducer())
        {
            var headers = new Headers { { "traceparent", Encoding.ASCII.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") } };
            producer.Produce(Topic, new Message<string, string> { Key = "h", Value = "with-headers", Headers = headers });
            producer.Flush(TimeSpan.FromSeconds(10));
        }
        using var consumer = NewConsumer("group-c");
        consumer.Subscribe(Topic);
        var result = consumer.Consume(TimeSpan.FromSeconds(20));
        Assert.NotNull(result);
        Assert.True(result.Message.Headers.TryGetLastBytes("traceparent", out var value));
        Assert.StartsWith("00-0af7651916cd43dd", Encoding.ASCII.GetString(value));
    }

    private IProducer<string, string> NewProducer() => new ProducerBuilder<string, string>(new ProducerConfig
    {
        BootstrapServers = _emulator.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
    }).Build();

    private IConsumer<string, string> NewConsumer(string group) => new ConsumerBuilder<string, string>(new ConsumerConfig
    {
        BootstrapServers = _emulator.BootstrapServers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        // Short session: a member that left is forgotten quickly, as the processor configures it.
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
    }).Build();

    private List<string> ConsumeAll(string group, int expected, bool commit)
    {
        using var consumer = NewConsumer(group);
        consumer.Subscribe(Topic);
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (values.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null)
            {
                continue;
            }
            values.Add(result.Message.Value);
            if (commit)
            {
                consumer.Commit(result);
            }
        }
        consumer.Close();
        return values;
    }
}
