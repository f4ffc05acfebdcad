using Confluent.Kafka;
using DocStream.StreamProcessor.Consuming;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class BatchCollectorTests
{
    private static ConsumeResult<string?, byte[]> Row(string id, long offset) =>
        Messages.Raw(DocStream.Contracts.InvoiceLineJson.Serialize(Messages.Line(id)), offset: offset);

    private static (BatchCollector Collector, CollectedBatch Batch, LoopParts Parts) Collector(IConsumer<string?, byte[]> consumer, InFlightWrites? inFlight = null)
    {
        var parts = new LoopParts();
        var gaps = new GapReporter(parts.Metrics, parts.State, NullLogger.Instance);
        gaps.Expect(new TopicPartition(Messages.Topic, 0), 0);
        return (new BatchCollector(consumer, inFlight ?? new InFlightWrites(), gaps, parts.Options, NullLogger.Instance),
            new CollectedBatch(parts.Options.MaxBatchSize), parts);
    }

    [Fact]
    public void A_batch_closes_at_its_size_bound_and_the_rest_waits_for_the_next()
    {
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        consumer.Consume(Arg.Any<TimeSpan>()).Returns(Row("a", 0), Row("b", 1), Row("c", 2), Row("d", 3), Row("e", 4));
        var (collector, batch, parts) = Collector(consumer);
        using var _ = parts;

        collector.Collect(batch, CancellationToken.None);

        Assert.Equal(["a", "b", "c", "d"], batch.Documents.Select(d => d.Line!.Id)); // MaxBatchSize 4
        consumer.Received(4).Consume(Arg.Any<TimeSpan>());
    }

    [Fact]
    public void An_idle_poll_returns_to_the_loop_with_what_it_has()
    {
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        consumer.Consume(Arg.Any<TimeSpan>()).Returns(Row("a", 0), null, null);
        var (collector, batch, parts) = Collector(consumer);
        using var _ = parts;

        collector.Collect(batch, CancellationToken.None);

        Assert.Single(batch.Documents);
    }

    [Fact]
    public void An_unreadable_message_joins_the_batch_as_poison_and_end_of_partition_events_do_not()
    {
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        var unreadable = new ConsumeException(
            new ConsumeResult<byte[], byte[]>
            {
                TopicPartitionOffset = new TopicPartitionOffset(Messages.Topic, 0, 1),
                Message = new Message<byte[], byte[]> { Key = [], Value = [0xff], Headers = [] },
            },
            new Error(ErrorCode.Local_KeyDeserialization, "the key is not UTF-8"));
        var eof = new ConsumeResult<string?, byte[]> { TopicPartitionOffset = new TopicPartitionOffset(Messages.Topic, 0, 2), IsPartitionEOF = true };
        consumer.Consume(Arg.Any<TimeSpan>()).Returns(
            _ => Row("a", 0), _ => throw unreadable, _ => eof, _ => Row("c", 2), _ => null!, _ => null!);
        var (collector, batch, parts) = Collector(consumer);
        using var _ = parts;

        collector.Collect(batch, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], batch.Documents.Select(d => d.Offset));
        Assert.NotNull(batch.Documents[1].DecodeError);
        Assert.Null(batch.Documents[2].DecodeError);
    }

    [Fact]
    public void A_jump_in_offsets_adds_a_gap_record_to_the_batch()
    {
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        consumer.Consume(Arg.Any<TimeSpan>()).Returns(Row("a", 0), Row("b", 7), null, null);
        var (collector, batch, parts) = Collector(consumer);
        using var _ = parts;

        collector.Collect(batch, CancellationToken.None);
        var content = batch.Take();

        Assert.Equal(2, content.Messages.Count);
        var gap = Assert.Single(content.Letters);
        Assert.Equal((1L, 6L), (gap.Letter.Offset, gap.Letter.LastOffset));
        Assert.Equal(6, parts.State.Gaps);
    }

    [Fact]
    public void Stopping_ends_collection_before_the_next_poll()
    {
        var consumer = Substitute.For<IConsumer<string?, byte[]>>();
        var (collector, batch, parts) = Collector(consumer);
        using var _ = parts;

        collector.Collect(batch, new CancellationToken(canceled: true));

        consumer.DidNotReceive().Consume(Arg.Any<TimeSpan>());
    }
}
