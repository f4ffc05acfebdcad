using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.StreamProcessor.Consuming;
using Microsoft.Extensions.Logging.Abstractions;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class GapReporterTests
{
    [Fact]
    public void Offsets_missing_before_a_message_become_one_gap_record_and_are_counted()
    {
        using var parts = new LoopParts();
        var gaps = new GapReporter(parts.Metrics, parts.State, NullLogger.Instance);
        gaps.Expect(new TopicPartition(Messages.Topic, 0), 10);

        Assert.Null(gaps.Observe(Messages.Document("a", offset: 10)));
        var letter = gaps.Observe(Messages.Document("b", offset: 15));

        Assert.NotNull(letter);
        Assert.Equal(DeadLetterDocument.GapKind, letter.Letter.Kind);
        Assert.Equal(4, parts.State.Gaps); // offsets 11..14
        Assert.Null(gaps.Observe(Messages.Document("c", offset: 16)));
    }

    [Fact]
    public void A_forgotten_partition_reports_no_gap_when_it_comes_back_elsewhere()
    {
        using var parts = new LoopParts();
        var gaps = new GapReporter(parts.Metrics, parts.State, NullLogger.Instance);
        var p0 = new TopicPartition(Messages.Topic, 0);
        gaps.Expect(p0, 10);
        gaps.Forget(p0);

        Assert.Null(gaps.Observe(Messages.Document("a", offset: 500)));
        Assert.Equal(0, parts.State.Gaps);
    }
}
