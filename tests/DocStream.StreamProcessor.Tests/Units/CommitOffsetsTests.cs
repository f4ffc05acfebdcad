using Confluent.Kafka;
using DocStream.StreamProcessor.Consuming;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class CommitOffsetsTests
{
    [Fact]
    public void Each_partition_commits_the_offset_after_its_last_stored_message()
    {
        ConsumedDocument[] written =
        [
            Messages.Document("a", partition: 0, offset: 10),
            Messages.Document("b", partition: 1, offset: 3),
            Messages.Document("c", partition: 0, offset: 11),
            Messages.Poison(partition: 1, offset: 4), // a dead-lettered message is done too
        ];

        var offsets = CommitOffsets.After(written).OrderBy(o => o.Partition.Value).ToList();

        Assert.Equal(
            [new TopicPartitionOffset(Messages.Topic, 0, 12), new TopicPartitionOffset(Messages.Topic, 1, 5)],
            offsets);
    }

    [Fact]
    public void Nothing_written_commits_nothing() => Assert.Empty(CommitOffsets.After([]));
}
