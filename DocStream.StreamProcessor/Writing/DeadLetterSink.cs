using System.Globalization;
using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Writing;

/// <summary>
/// Puts what can never be written where an operator finds it: the dead-letter topic (original bytes and
/// headers plus the reason) and the <c>dead_letters</c> collection. Both writes are idempotent by position.
/// </summary>
public sealed class DeadLetterSink(IProducer<string?, byte[]> producer, IMongoDatabase database, IOptions<ProcessorOptions> options)
{
    private readonly IMongoCollection<DeadLetterDocument> _collection = database.GetCollection<DeadLetterDocument>(PipelineNames.DeadLettersCollection);
    private readonly string _topic = options.Value.DeadLetterTopic;

    public IMongoCollection<DeadLetterDocument> Collection => _collection;

    public static DeadLetterDocument Poison(ConsumeResult<string?, byte[]> message, string reason) => new()
    {
        Id = $"{message.Topic}:{message.Partition.Value}:{message.Offset.Value}",
        Kind = DeadLetterDocument.PoisonKind,
        Reason = reason,
        Topic = message.Topic,
        Partition = message.Partition.Value,
        Offset = message.Offset.Value,
        Key = message.Message.Key,
        DocumentId = message.Message.Headers?.TryGetLastBytes(PipelineNames.DocumentIdHeader, out var id) == true ? Encoding.UTF8.GetString(id) : null,
        Value = message.Message.Value is null ? null : Encoding.UTF8.GetString(message.Message.Value),
        ValueBase64 = message.Message.Value is null ? null : Convert.ToBase64String(message.Message.Value),
        ReceivedAt = DateTime.UtcNow,
    };

    public static DeadLetterDocument Gap(TopicPartition partition, long from, long to) => new()
    {
        Id = $"gap:{partition.Topic}:{partition.Partition.Value}:{from}-{to}",
        Kind = DeadLetterDocument.GapKind,
        Reason = $"Offsets {from} to {to} ({to - from + 1} messages) left the log before they were consumed: these documents are lost from Kafka and must be sent again.",
        Topic = partition.Topic,
        Partition = partition.Partition.Value,
        Offset = from,
        LastOffset = to,
        ReceivedAt = DateTime.UtcNow,
    };

    /// <summary>Writes <paramref name="letters"/> to the topic and the collection; throws when either is unavailable.</summary>
    public async Task WriteAsync(IReadOnlyList<PendingLetter> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }
        var deliveries = new List<Task>(letters.Count);
        foreach (var (letter, original) in letters)
        {
            var headers = new Headers();
            if (original?.Headers is { } originalHeaders)
            {
                foreach (var h in originalHeaders)
                {
                    headers.Add(h.Key, h.GetValueBytes());
                }
            }
            headers.Add("docstream-dlq-kind", Encoding.UTF8.GetBytes(letter.Kind));
            headers.Add("docstream-dlq-reason", Encoding.UTF8.GetBytes(letter.Reason));
            headers.Add("docstream-dlq-source", Encoding.UTF8.GetBytes(
                string.Create(CultureInfo.InvariantCulture, $"{letter.Topic}/{letter.Partition}/{letter.Offset}")));
            deliveries.Add(producer.ProduceAsync(_topic, new Message<string?, byte[]>
            {
                Key = original?.Key ?? letter.Id,
                Value = original?.Value ?? [],
                Headers = headers,
            }, cancellationToken));
        }
        await Task.WhenAll(deliveries);

        // $set, not a replace: dead-lettering a message again (a replay, a rewind) must keep what operators recorded on it (re-drive marks).
        var models = letters.Select(l => new UpdateOneModel<DeadLetterDocument>(Builders<DeadLetterDocument>.Filter.Eq(d => d.Id, l.Letter.Id), SetFields(l.Letter)) { IsUpsert = true });
        await _collection.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    private static UpdateDefinition<DeadLetterDocument> SetFields(DeadLetterDocument letter)
    {
        var fields = letter.ToBsonDocument();
        fields.Remove("_id");
        return new BsonDocumentUpdateDefinition<DeadLetterDocument>(new BsonDocument("$set", fields));
    }
}
