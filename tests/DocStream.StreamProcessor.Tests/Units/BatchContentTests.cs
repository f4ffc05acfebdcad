using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Writing;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class BatchContentTests
{
    private static readonly TopicPartition P0 = new(Messages.Topic, 0);
    private static readonly TopicPartition P1 = new(Messages.Topic, 1);

    [Fact]
    public void A_document_sent_twice_in_one_batch_is_written_once_in_its_latest_version()
    {
        var latest = LatestVersions.Of([Messages.Document("a", offset: 0, quantity: 1), Messages.Document("b", offset: 1), Messages.Document("a", offset: 2, quantity: 7)]);

        Assert.Equal(["a", "b"], latest.Documents.Select(d => d.Line!.Id));
        Assert.Equal(7, latest.Documents[0].Line!.Quantity);
        Assert.Equal(2, latest.Documents[0].Offset);
        Assert.Equal(0, latest.Ids["a"]);
        Assert.Equal(1, latest.Ids["b"]);
    }

    [Fact]
    public void Undecodable_messages_are_not_written_but_become_poison_letters_after_the_gaps()
    {
        var gap = new PendingLetter(DeadLetterSink.Gap(P0, 5, 9), null);
        var content = BatchContent.Of([Messages.Document("a"), Messages.Poison(offset: 1)], [gap]);

        Assert.Equal(2, content.Messages.Count);
        Assert.Single(content.Latest.Documents);
        Assert.Equal([DeadLetterDocument.GapKind, DeadLetterDocument.PoisonKind], content.Letters.Select(l => l.Letter.Kind));
        Assert.Same(content.Messages[1].Message.Message, content.Letters[1].Original);
    }

    [Fact]
    public void Shares_an_id_only_with_a_batch_holding_one_of_its_documents()
    {
        var latest = LatestVersions.Of([Messages.Document("a"), Messages.Document("b", offset: 1)]);

        Assert.True(latest.SharesAnId([Messages.Document("c", offset: 2), Messages.Document("b", offset: 3)]));
        Assert.False(latest.SharesAnId([Messages.Document("c", offset: 2), Messages.Poison(offset: 3)]));
    }

    [Fact]
    public void The_owned_part_drops_revoked_partitions_messages_and_poison_but_keeps_gap_records()
    {
        var content = BatchContent.Of(
            [Messages.Document("a", partition: 0), Messages.Document("b", partition: 1), Messages.Poison(partition: 1, offset: 1)],
            [new PendingLetter(DeadLetterSink.Gap(P1, 0, 3), null)]);

        var owned = content.OwnedPart(new HashSet<TopicPartition> { P0 });

        Assert.Equal(["a"], owned.Messages.Select(d => d.Line!.Id));
        Assert.Equal(["a"], owned.Latest.Ids.Keys);
        Assert.Equal([DeadLetterDocument.GapKind], owned.Letters.Select(l => l.Letter.Kind));
    }
}
