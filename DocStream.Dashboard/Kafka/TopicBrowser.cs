using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;

namespace DocStream.Dashboard.Kafka;

/// <summary>One partition of the ingest topic: its offsets and the processor group's position in it.</summary>
public sealed record PartitionOffsets(int Partition, long Earliest, long Latest, long? Committed)
{
    /// <summary>Messages not yet written by the processor (all of them while the group has committed nothing).</summary>
    public long Lag => Math.Max(0, Latest - Math.Max(Committed ?? Earliest, Earliest));
}

/// <summary>A message as read from Kafka, decoded for people.</summary>
public sealed record BrowsedMessage(int Partition, long Offset, DateTime Timestamp, string? Key, string? DocumentId, string? TraceId,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string Value, bool ValueCut);

/// <summary>Reads the ingest topic for the topic browser: offsets and lag, the latest messages, a message, a search.</summary>
public interface ITopicBrowser
{
    bool Available { get; }

    Task<IReadOnlyList<PartitionOffsets>> GetOffsetsAsync(CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> messages of a partition from <paramref name="fromOffset"/> (or the latest ones), oldest first.</summary>
    Task<IReadOnlyList<BrowsedMessage>> ReadAsync(int partition, long? fromOffset, int count, CancellationToken cancellationToken = default);

    /// <summary>Messages whose document id or key (InvoiceNo) is <paramref name="text"/>, among the last <see cref="SearchDepth"/> of each partition.</summary>
    Task<IReadOnlyList<BrowsedMessage>> FindAsync(string text, CancellationToken cancellationToken = default);

    int SearchDepth { get; }

    /// <summary>By partition, the first offset whose message is at or after <paramref name="at"/> (UTC); -1 where none is.</summary>
    Task<IReadOnlyDictionary<int, long>> OffsetsAtTimeAsync(DateTime at, CancellationToken cancellationToken = default);
}

/// <summary>
/// Kafka through an assign-only consumer that never joins a group or commits (so it changes nothing), one read at a
/// time, and an admin client on the same connection for the group's committed offsets. Works the same on the
/// emulator and on real Kafka (the Kafka protocol only).
/// </summary>
public sealed class KafkaTopicBrowser(IConsumer<string?, byte[]> consumer, string group = PipelineNames.ProcessorGroup) : ITopicBrowser, IDisposable
{
    private const int MaxValueChars = 4_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public bool Available => true;

    public int SearchDepth => 10_000;

    public Task<IReadOnlyList<PartitionOffsets>> GetOffsetsAsync(CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(async () =>
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            return (IReadOnlyList<PartitionOffsets>)(await ConsumerGroupOffsets.ReadAsync(admin, group, PipelineNames.IngestTopic, Timeout))
                .Select(p => new PartitionOffsets(p.Partition, p.Earliest, p.Latest, p.Committed)).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<BrowsedMessage>> ReadAsync(int partition, long? fromOffset, int count, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() =>
        {
            var tp = new TopicPartition(PipelineNames.IngestTopic, partition);
            var w = consumer.QueryWatermarkOffsets(tp, Timeout);
            var from = Math.Clamp(fromOffset ?? w.High.Value - count, w.Low.Value, Math.Max(w.Low.Value, w.High.Value));
            return Task.FromResult((IReadOnlyList<BrowsedMessage>)Read(tp, from, Math.Min(w.High.Value, from + count), _ => true, count, cancellationToken));
        }, cancellationToken);

    public Task<IReadOnlyList<BrowsedMessage>> FindAsync(string text, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() =>
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var found = new List<BrowsedMessage>();
            foreach (var tp in Partitions(admin))
            {
                var w = consumer.QueryWatermarkOffsets(tp, Timeout);
                found.AddRange(Read(tp, Math.Max(w.Low.Value, w.High.Value - SearchDepth), w.High.Value,
                    m => m.Key == text || m.DocumentId == text, 50, cancellationToken));
            }
            return Task.FromResult((IReadOnlyList<BrowsedMessage>)found.OrderByDescending(m => m.Timestamp).Take(50).ToList());
        }, cancellationToken);

    public Task<IReadOnlyDictionary<int, long>> OffsetsAtTimeAsync(DateTime at, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() =>
        {
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var offsets = new Dictionary<int, long>();
            foreach (var tp in Partitions(admin))
            {
                var w = consumer.QueryWatermarkOffsets(tp, Timeout);
                offsets[tp.Partition.Value] = OffsetAtTimeLookup.Find(consumer, tp, w.Low.Value, w.High.Value, at, Timeout);
            }
            return Task.FromResult((IReadOnlyDictionary<int, long>)offsets);
        }, cancellationToken);

    private static List<TopicPartition> Partitions(IAdminClient admin) =>
        admin.GetMetadata(PipelineNames.IngestTopic, Timeout).Topics.Single().Partitions
            .Select(p => new TopicPartition(PipelineNames.IngestTopic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();

    private List<BrowsedMessage> Read(TopicPartition partition, long from, long to, Func<BrowsedMessage, bool> keep, int max, CancellationToken cancellationToken)
    {
        var messages = new List<BrowsedMessage>();
        if (to <= from)
        {
            return messages;
        }
        consumer.Assign(new TopicPartitionOffset(partition, from));
        try
        {
            while (messages.Count < max && !cancellationToken.IsCancellationRequested && consumer.Consume(Timeout) is { IsPartitionEOF: false } result)
            {
                var message = Decode(result);
                if (keep(message))
                {
                    messages.Add(message);
                }
                if (result.Offset.Value + 1 >= to)
                {
                    break;
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }
        return messages;
    }

    private static BrowsedMessage Decode(ConsumeResult<string?, byte[]> result)
    {
        var headers = result.Message.Headers?.Select(h => new KeyValuePair<string, string>(h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList() ?? [];
        var documentId = headers.LastOrDefault(h => h.Key == PipelineNames.DocumentIdHeader).Value;
        KafkaTelemetry.TryExtract(result.Message.Headers, out var trace);
        var value = result.Message.Value is null ? "" : Encoding.UTF8.GetString(result.Message.Value);
        var cut = value.Length > MaxValueChars;
        return new BrowsedMessage(result.Partition.Value, result.Offset.Value, result.Message.Timestamp.UtcDateTime, result.Message.Key,
            documentId, trace == default ? null : trace.TraceId.ToHexString(), headers, cut ? value[..MaxValueChars] : value, cut);
    }

    private async Task<T> OneAtATimeAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(read, cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}

/// <summary>Without a Kafka connection the page says so instead of failing.</summary>
public sealed class UnavailableTopicBrowser : ITopicBrowser
{
    public bool Available => false;

    public int SearchDepth => 0;

    public Task<IReadOnlyList<PartitionOffsets>> GetOffsetsAsync(CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<IReadOnlyList<BrowsedMessage>> ReadAsync(int partition, long? fromOffset, int count, CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<IReadOnlyList<BrowsedMessage>> FindAsync(string text, CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<IReadOnlyDictionary<int, long>> OffsetsAtTimeAsync(DateTime at, CancellationToken cancellationToken = default) => throw Unavailable();

    private static InvalidOperationException Unavailable() => new("The dashboard has no Kafka connection (ConnectionStrings:kafka).");
}
