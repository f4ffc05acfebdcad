using Confluent.Kafka;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// Notices offsets that were never consumed. Our producer is idempotent and not transactional, so the
/// offsets of a partition are contiguous: a jump past the committed position means messages left the log
/// before we read them (retention, or the emulator's 5 MiB per partition). That must never be silent.
/// </summary>
public sealed class OffsetGapDetector
{
    private readonly Dictionary<TopicPartition, long> _expected = [];

    /// <summary>Where the group's committed position says the next message of <paramref name="partition"/> is.</summary>
    public void Expect(TopicPartition partition, long nextOffset)
    {
        if (nextOffset >= 0)
        {
            _expected[partition] = nextOffset;
        }
        else
        {
            _expected.Remove(partition); // nothing committed yet: the first message sets the baseline
        }
    }

    public void Forget(TopicPartition partition) => _expected.Remove(partition);

    /// <summary>Records a consumed offset; returns the lost range before it, if any.</summary>
    public (long From, long To)? Observe(TopicPartition partition, long offset)
    {
        (long, long)? gap = null;
        if (_expected.TryGetValue(partition, out var expected) && offset > expected)
        {
            gap = (expected, offset - 1);
        }
        _expected[partition] = offset + 1;
        return gap;
    }
}
