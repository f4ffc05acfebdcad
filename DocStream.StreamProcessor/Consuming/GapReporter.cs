using Confluent.Kafka;
using DocStream.StreamProcessor.Status;
using DocStream.StreamProcessor.Telemetry;
using DocStream.StreamProcessor.Writing;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// Notices offsets that left the log before anyone stored them (<see cref="OffsetGapDetector"/>) and makes each gap
/// loud: an error log, the gap metric and status, and a dead-letter record written with the current batch.
/// </summary>
public sealed class GapReporter(ProcessorMetrics metrics, ProcessorState state, ILogger logger)
{
    private readonly OffsetGapDetector _detector = new();

    /// <summary>The next message of <paramref name="partition"/> should be at <paramref name="nextOffset"/> (assignment, rewind).</summary>
    public void Expect(TopicPartition partition, long nextOffset) => _detector.Expect(partition, nextOffset);

    public void Forget(TopicPartition partition) => _detector.Forget(partition);

    /// <summary>The gap record to write when offsets were lost before <paramref name="document"/>; null when none were.</summary>
    public PendingLetter? Observe(ConsumedDocument document)
    {
        if (_detector.Observe(document.Partition, document.Offset) is not { } gap)
        {
            return null;
        }
        var count = gap.To - gap.From + 1;
        logger.LogError("OFFSET GAP on {Partition}: offsets {From}..{To} ({Count} messages) were lost before they were consumed.",
            document.Partition, gap.From, gap.To, count);
        metrics.Gap(count);
        state.GapFound(count);
        return new PendingLetter(DeadLetterSink.Gap(document.Partition, gap.From, gap.To), null);
    }
}
