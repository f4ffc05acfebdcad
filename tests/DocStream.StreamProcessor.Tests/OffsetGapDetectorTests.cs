using Confluent.Kafka;
using DocStream.StreamProcessor.Consuming;

namespace DocStream.StreamProcessor.Tests;

public sealed class OffsetGapDetectorTests
{
    private static readonly TopicPartition P0 = new("t", 0);

    [Fact]
    public void Contiguous_offsets_after_the_committed_position_are_no_gap()
    {
        var detector = new OffsetGapDetector();
        detector.Expect(P0, 10);
        Assert.Null(detector.Observe(P0, 10));
        Assert.Null(detector.Observe(P0, 11));
    }

    [Fact]
    public void A_jump_past_the_expected_offset_reports_the_lost_range()
    {
        var detector = new OffsetGapDetector();
        detector.Expect(P0, 10);
        Assert.Equal((10L, 41L), detector.Observe(P0, 42));
        Assert.Null(detector.Observe(P0, 43));
    }

    [Fact]
    public void A_replay_of_earlier_offsets_after_a_seek_is_no_gap()
    {
        var detector = new OffsetGapDetector();
        detector.Expect(P0, 10);
        Assert.Null(detector.Observe(P0, 5));
        Assert.Null(detector.Observe(P0, 6));
    }
}
