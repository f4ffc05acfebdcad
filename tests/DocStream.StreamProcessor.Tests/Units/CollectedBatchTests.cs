using Confluent.Kafka;
using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Writing;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class CollectedBatchTests
{
    private static readonly TopicPartition P0 = new(Messages.Topic, 0);
    private static readonly TopicPartition P1 = new(Messages.Topic, 1);

    [Fact]
    public void Taking_hands_over_messages_and_gap_records_and_starts_empty()
    {
        var batch = new CollectedBatch(maxSize: 2);
        batch.Add(Messages.Document("a"));
        batch.AddGap(new PendingLetter(DeadLetterSink.Gap(P0, 3, 4), null));
        batch.Add(Messages.Poison(offset: 5));

        Assert.True(batch.IsFull);
        var content = batch.Take();

        Assert.Equal(2, content.Messages.Count);
        Assert.Equal(2, content.Letters.Count); // the gap record and the poison message's letter
        Assert.Equal(0, batch.Count);
        Assert.False(batch.HasContent);
        Assert.False(batch.IsFull);
    }

    [Fact]
    public void A_gap_record_alone_is_something_to_write()
    {
        var batch = new CollectedBatch(maxSize: 2);
        batch.AddGap(new PendingLetter(DeadLetterSink.Gap(P0, 0, 9), null));

        Assert.True(batch.HasContent);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Messages_put_back_after_a_rebalance_go_ahead_of_those_collected_since()
    {
        var batch = new CollectedBatch(maxSize: 10);
        batch.Add(Messages.Document("c", offset: 7));

        batch.PutBackAhead([Messages.Document("a", offset: 5), Messages.Document("b", offset: 6)]);

        Assert.Equal([5L, 6L, 7L], batch.Documents.Select(d => d.Offset));
    }

    [Fact]
    public void Only_owned_partitions_stay_and_rewound_partitions_are_dropped()
    {
        var batch = new CollectedBatch(maxSize: 10);
        batch.Add(Messages.Document("a", partition: 0));
        batch.Add(Messages.Document("b", partition: 1));
        batch.Add(Messages.Document("c", partition: 2));

        batch.KeepOwned(new HashSet<TopicPartition> { P0, P1 });
        Assert.Equal(["a", "b"], batch.Documents.Select(d => d.Line!.Id));

        batch.DropPartitions(new HashSet<TopicPartition> { P1 });
        Assert.Equal(["a"], batch.Documents.Select(d => d.Line!.Id));
    }
}
