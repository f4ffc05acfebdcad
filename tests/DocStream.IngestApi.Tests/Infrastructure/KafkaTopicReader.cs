using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;

namespace DocStream.IngestApi.Tests.Infrastructure;

/// <summary>One message of the ingest topic, as the stream processor would read it.</summary>
public sealed record StoredMessage(int Partition, long Offset, string Key, string? IdHeader, string? TraceParent, byte[] Value)
{
    public InvoiceLine Line => InvoiceLineJson.Deserialize(Value);

    public string ValueText => Encoding.UTF8.GetString(Value);
}

/// <summary>Reads the ingest topic back from the beginning of every partition to its current end.</summary>
public sealed class KafkaTopicReader(string bootstrapServers, string topic)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Sum of the end offsets of all partitions: how many messages the topic ever received.</summary>
    public long EndOffsetTotal()
    {
        using var consumer = Build();
        return Partitions(consumer).Sum(p => consumer.QueryWatermarkOffsets(p, Timeout).High.Value);
    }

    public List<StoredMessage> ReadAll()
    {
        using var consumer = Build();
        var partitions = Partitions(consumer);
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, Timeout).High.Value);
        var messages = new List<StoredMessage>();
        var open = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        if (open.Count == 0)
        {
            return messages;
        }
        consumer.Assign(open.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (open.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Partitions {string.Join(",", open)} were not read to their end in time.");
            }
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }
            var partition = result.Partition.Value;
            var headers = result.Message.Headers;
            messages.Add(new StoredMessage(partition, result.Offset.Value, result.Message.Key,
                headers.TryGetLastBytes(PipelineNames.DocumentIdHeader, out var id) ? Encoding.UTF8.GetString(id) : null,
                headers.TryGetLastBytes("traceparent", out var tp) ? Encoding.ASCII.GetString(tp) : null,
                result.Message.Value));
            if (result.Offset.Value + 1 >= ends[partition])
            {
                open.Remove(partition);
            }
        }
        return messages;
    }

    /// <summary>Messages whose document id is one of <paramref name="ids"/>.</summary>
    public List<StoredMessage> ReadIds(IEnumerable<string> ids)
    {
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        return ReadAll().Where(m => m.IdHeader is not null && wanted.Contains(m.IdHeader)).ToList();
    }

    private IConsumer<string, byte[]> Build() =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "ingest-tests-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();

    private List<TopicPartition> Partitions(IConsumer<string, byte[]> consumer) =>
        Enumerable.Range(0, PipelineNames.IngestTopicPartitions).Select(p => new TopicPartition(topic, p)).ToList();
}
