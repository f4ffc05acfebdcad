using DocStream.Contracts;
using Confluent.Kafka;
using DocStream.StreamProcessor.Writing;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// What one write stores: the batch's messages (committed once it succeeded), their latest versions to upsert, and
/// the dead letters to write with them (undecodable messages and offset gaps).
/// </summary>
public sealed record BatchContent(IReadOnlyList<ConsumedDocument> Messages, LatestVersions Latest, IReadOnlyList<PendingLetter> Letters)
{
    /// <param name="gaps">Gap letters found while the batch was collected.</param>
    public static BatchContent Of(IReadOnlyList<ConsumedDocument> messages, IEnumerable<PendingLetter> gaps)
    {
        List<PendingLetter> letters = [.. gaps];
        letters.AddRange(messages.Where(d => d.Stored is null).Select(d => new PendingLetter(DeadLetterSink.Poison(d.Message, d.DecodeError!), d.Message.Message)));
        return new BatchContent(messages, LatestVersions.Of(messages), letters);
    }

    /// <summary>
    /// The part still owned after a rebalance, for another attempt: messages and poison letters of partitions that
    /// moved are dropped (their next owner reads them from the last commit); gap records stay, they are about the past.
    /// </summary>
    public BatchContent OwnedPart(IReadOnlySet<TopicPartition> assigned)
    {
        List<ConsumedDocument> messages = [.. Messages.Where(d => assigned.Contains(d.Partition))];
        List<PendingLetter> letters = [.. Letters.Where(l => l.Letter.Kind != DeadLetterDocument.PoisonKind
            || assigned.Contains(new TopicPartition(l.Letter.Topic, l.Letter.Partition)))];
        return new BatchContent(messages, LatestVersions.Of(messages), letters);
    }
}
