namespace DocStream.Replayer.Reporting;

/// <summary>Keeps every request latency (a full replay makes a few hundred requests) for exact percentiles.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public void Record(TimeSpan latency)
    {
        lock (_lock)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _milliseconds.Count;
            }
        }
    }

    /// <summary>The <paramref name="percentile"/> (0..100) by the nearest-rank method, or null without samples.</summary>
    public double? Percentile(double percentile)
    {
        double[] sorted;
        lock (_lock)
        {
            if (_milliseconds.Count == 0)
            {
                return null;
            }
            sorted = [.. _milliseconds];
        }
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
