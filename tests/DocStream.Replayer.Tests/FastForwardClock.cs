namespace DocStream.Replayer.Tests;

/// <summary>
/// A clock whose timers fire at once: each wait is recorded in <see cref="Waits"/> and moves the clock forward by its
/// length, so retry waits and budgets are tested without sleeping.
/// </summary>
internal sealed class FastForwardClock : TimeProvider
{
    private long _ticks;

    public List<TimeSpan> Waits { get; } = [];

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (Waits)
            {
                Waits.Add(dueTime);
            }
            Interlocked.Add(ref _ticks, dueTime.Ticks);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
