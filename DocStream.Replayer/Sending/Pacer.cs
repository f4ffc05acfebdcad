namespace DocStream.Replayer.Sending;

/// <summary>
/// When each document is due, measured from the start of the replay: the n-th document at n / rate seconds
/// (<c>--rate</c>), or at (InvoiceDate - first InvoiceDate) / speedup (<c>--speedup</c>); with neither, at once.
/// </summary>
public sealed class Pacer
{
    private readonly double? _rate;
    private readonly double? _speedup;
    private DateTime? _firstDate;
    private long _count;

    public Pacer(double? rate, double? speedup)
    {
        _rate = rate is > 0 ? rate : null;
        _speedup = speedup is > 0 ? speedup : null;
    }

    public bool IsPaced => _rate is not null || _speedup is not null;

    /// <summary>How far a batch may run ahead of the schedule: documents due within this window go in the same request.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    /// <summary>The due time of the next document (call once per document, in order).</summary>
    public TimeSpan DueTime(DateTime invoiceDate)
    {
        var index = _count++;
        if (_rate is { } rate)
        {
            return TimeSpan.FromSeconds(index / rate);
        }
        if (_speedup is { } speedup)
        {
            _firstDate ??= invoiceDate;
            var dataTime = invoiceDate - _firstDate.Value;
            return dataTime <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(dataTime.Ticks / speedup));
        }
        return TimeSpan.Zero;
    }
}
