using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.IngestApi.Kafka;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace DocStream.IngestApi.Status;

/// <summary>
/// Answers "where is my document?" from the store first (stored, dead-lettered), then from Kafka: the messages not
/// yet written are those after the processor group's committed offsets, at most the admission budget per partition,
/// so they are read through (or, with the partition and offset the API answered when it accepted the document,
/// looked up directly). The group's positions come from <see cref="CommittedPositionsCache"/> (shared by concurrent
/// lookups, at most a second old); only reading messages takes the one long-lived consumer that never joins a group
/// (<see cref="LookupConsumer"/>), so a lookup with nothing to read in Kafka waits for no other.
/// </summary>
public sealed class DocumentLocator(
    LookupConsumer lookup, CommittedPositionsCache positions, IOptions<IngestOptions> ingest, IMongoDatabase? database = null)
{
    private static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(5);
    private readonly IMongoCollection<InvoiceLine>? _invoices = database?.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);
    private readonly IMongoCollection<DeadLetterDocument>? _deadLetters = database?.GetCollection<DeadLetterDocument>(PipelineNames.DeadLettersCollection);

    /// <summary>False when the API runs without a MongoDB connection string: it cannot tell stored from unknown.</summary>
    public bool Available => _invoices is not null;

    public async Task<DocumentStatus> LocateAsync(string id, (int Partition, long Offset)? hint, CancellationToken cancellationToken)
    {
        if (_invoices is null || _deadLetters is null)
        {
            throw new InvalidOperationException("No MongoDB connection string (ConnectionStrings:docstreaming).");
        }
        if (await _invoices.Find(l => l.Id == id).FirstOrDefaultAsync(cancellationToken) is { } line)
        {
            return new DocumentStatus(id, DocumentStatus.Stored, "In MongoDB.")
            {
                Partition = line.Meta?.Partition, Offset = line.Meta?.Offset, StoredAt = line.Meta?.StoredAt, TraceId = line.Meta?.TraceId,
            };
        }
        if (await _deadLetters.Find(d => d.DocumentId == id).SortByDescending(d => d.ReceivedAt).FirstOrDefaultAsync(cancellationToken) is { } letter)
        {
            return new DocumentStatus(id, DocumentStatus.DeadLettered, "Could not be stored; see the dead letters in the dashboard.")
            {
                Partition = letter.Partition, Offset = letter.Offset, Reason = letter.Reason, DeadLetteredAt = letter.ReceivedAt,
            };
        }

        var current = await positions.GetAsync(cancellationToken);
        var unwritten = UnwrittenRanges(current, hint);
        if (unwritten.Count > 0)
        {
            var committed = current.ToDictionary(p => p.Partition, p => p.Committed ?? -1);
            var found = await lookup.RunAsync(consumer => Task.FromResult(FindInKafka(consumer, unwritten, id, cancellationToken)), cancellationToken);
            if (found is { } at)
            {
                return new DocumentStatus(id, DocumentStatus.InKafka, "Acknowledged by Kafka, not yet written to MongoDB.")
                {
                    Partition = at.Partition.Value, Offset = at.Offset.Value,
                    LagAhead = at.Offset.Value - Math.Max(committed.GetValueOrDefault(at.Partition.Value, -1), 0),
                };
            }
        }
        return new DocumentStatus(id, DocumentStatus.Unknown,
            "Not in MongoDB, not a dead letter and not among the messages waiting in Kafka: it was never acknowledged (send it again with the same id), or it was written after this answer began.");
    }

    /// <summary>
    /// Where to read: in each partition with unwritten messages, from the committed offset to the end of the partition as
    /// it is when read (not the up-to-a-second-old end offset), so a document acknowledged since is found too. With a
    /// hint, that one message, if it is not written yet.
    /// </summary>
    private List<(TopicPartition Partition, long From, long To)> UnwrittenRanges(IReadOnlyList<PartitionPosition> current, (int Partition, long Offset)? hint)
    {
        var topic = ingest.Value.Topic;
        if (hint is { } h)
        {
            return current.Where(p => p.Partition == h.Partition && h.Offset >= Math.Max(p.Committed ?? p.Earliest, p.Earliest))
                .Select(p => (new TopicPartition(topic, p.Partition), h.Offset, h.Offset + 1)).ToList();
        }
        return current.Where(p => p.Unconsumed > 0)
            .Select(p => (new TopicPartition(topic, p.Partition), Math.Max(p.Committed ?? p.Earliest, p.Earliest), long.MaxValue))
            .ToList();
    }

    private static TopicPartitionOffset? FindInKafka(
        IConsumer<string?, byte[]> consumer, List<(TopicPartition Partition, long From, long To)> ranges, string id, CancellationToken cancellationToken)
    {
        foreach (var (partition, from, to) in ranges)
        {
            if (ReadThrough(consumer, partition, from, to, id, cancellationToken) is { } offset)
            {
                return new TopicPartitionOffset(partition, offset);
            }
        }
        return null;
    }

    /// <summary>The offset of the message carrying <paramref name="id"/> in [from, to), or null.</summary>
    private static long? ReadThrough(IConsumer<string?, byte[]> consumer, TopicPartition partition, long from, long to, string id, CancellationToken cancellationToken)
    {
        var wanted = Encoding.UTF8.GetBytes(id);
        consumer.Assign(new TopicPartitionOffset(partition, from));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(KafkaTimeout);
                if (result is null || result.IsPartitionEOF)
                {
                    return null;
                }
                if (result.Message.Headers?.TryGetLastBytes(PipelineNames.DocumentIdHeader, out var header) == true && header.AsSpan().SequenceEqual(wanted))
                {
                    return result.Offset.Value;
                }
                if (result.Offset.Value + 1 >= to)
                {
                    return null;
                }
            }
            return null;
        }
        finally
        {
            consumer.Unassign();
        }
    }
}
