using Confluent.Kafka;
using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class BatchCommitterTests
{
    private static InFlightBatch Stored(params ConsumedDocument[] messages) =>
        new(BatchContent.Of(messages, []), null, Task.FromResult(new BatchOutcome(messages.Length, 0, 0, 1)));

    [Fact]
    public void A_stored_batch_commits_after_each_partitions_last_message_and_is_counted()
    {
        using var parts = new LoopParts();
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        var committer = new BatchCommitter(consumer, new LagSampler(), parts.Metrics, parts.State, NullLogger.Instance);

        committer.Commit(Stored(Messages.Document("a", offset: 4), Messages.Document("b", partition: 1, offset: 9)), new BatchOutcome(2, 0, 0, 3));

        consumer.Received(1).Commit(Arg.Is<IEnumerable<TopicPartitionOffset>>(o =>
            o.OrderBy(x => x.Partition.Value).SequenceEqual(new[]
            {
                new TopicPartitionOffset(Messages.Topic, 0, 5), new TopicPartitionOffset(Messages.Topic, 1, 10),
            })));
        Assert.Equal(2, parts.State.DocumentsWritten);
        Assert.Equal(1, parts.State.Batches);
    }

    [Fact]
    public void A_failed_commit_is_not_an_error_of_the_stored_batch()
    {
        using var parts = new LoopParts();
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        consumer.When(c => c.Commit(Arg.Any<IEnumerable<TopicPartitionOffset>>()))
            .Throw(new KafkaException(ErrorCode.Local_Transport));
        var committer = new BatchCommitter(consumer, new LagSampler(), parts.Metrics, parts.State, NullLogger.Instance);

        committer.Commit(Stored(Messages.Document("a")), new BatchOutcome(1, 0, 0, 1));

        Assert.Equal(1, parts.State.DocumentsWritten); // stored is stored; the next owner writes it again, changing nothing
    }

    [Fact]
    public void A_batch_of_gap_records_only_commits_nothing()
    {
        using var parts = new LoopParts();
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        var committer = new BatchCommitter(consumer, new LagSampler(), parts.Metrics, parts.State, NullLogger.Instance);

        committer.Commit(Stored(), new BatchOutcome(0, 0, 1, 1));

        consumer.DidNotReceive().Commit(Arg.Any<IEnumerable<TopicPartitionOffset>>());
    }
}
