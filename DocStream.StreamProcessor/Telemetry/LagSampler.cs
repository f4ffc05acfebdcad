using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Status;

namespace DocStream.StreamProcessor.Telemetry;

/// <summary>
/// Turns the assigned partitions' offsets into the lag the status reports: messages behind per partition, messages
/// produced, and the age of the oldest unwritten message, at most once per <see cref="Interval"/>.
/// </summary>
public sealed class LagSampler
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Per partition, when the last message written and committed was produced: the oldest unwritten one is newer.</summary>
    private readonly Dictionary<int, DateTime> _writtenUpTo = [];
    private DateTime _lastSample = DateTime.MinValue;

    /// <summary>Remembers how far each partition is written; called with each committed batch.</summary>
    public void Written(IReadOnlyList<ConsumedDocument> committed)
    {
        for (var i = 0; i < committed.Count; i++)
        {
            var d = committed[i];
            var produced = d.Message.Message.Timestamp.UtcDateTime;
            var partition = d.Partition.Partition.Value;
            if (!_writtenUpTo.TryGetValue(partition, out var upTo) || produced > upTo)
            {
                _writtenUpTo[partition] = produced;
            }
        }
    }

    /// <summary>True when a sample is due at <paramref name="now"/>; the next one is then due an interval later.</summary>
    public bool TryStart(DateTime now)
    {
        if (now - _lastSample < Interval)
        {
            return false;
        }
        _lastSample = now;
        return true;
    }

    public ProcessorState.LagSample Sample(IEnumerable<PartitionOffsets> partitions, DateTime now)
    {
        var lag = new Dictionary<int, long>();
        long produced = 0;
        var oldestUnwritten = TimeSpan.Zero;
        foreach (var p in partitions)
        {
            if (p.High < 0)
            {
                continue; // not known yet
            }
            var from = p.Position >= 0 ? p.Position : p.Low;
            var behind = Math.Max(0, p.High - from);
            lag[p.Partition] = behind;
            produced += p.High;
            // Behind by at most the time since the last written message was produced (exact to one message's spacing).
            if (behind > 0 && _writtenUpTo.TryGetValue(p.Partition, out var upTo) && now - upTo > oldestUnwritten)
            {
                oldestUnwritten = now - upTo;
            }
        }
        return new ProcessorState.LagSample(lag, produced, oldestUnwritten);
    }
}
