namespace DocStream.Replayer.Sending;

/// <summary>
/// How long one batch may keep failing (<see cref="IngestClientOptions.MaxRetryTime"/>): the clock starts at the first
/// failure and restarts when an attempt makes progress; a wait is allowed only if it ends within the budget.
/// </summary>
internal sealed class RetryBudget(TimeProvider clock, TimeSpan maxRetryTime)
{
    private long? _failingSince;

    public TimeSpan FailingFor => _failingSince is { } since ? clock.GetElapsedTime(since) : TimeSpan.Zero;

    /// <summary>True when waiting <paramref name="delay"/> more stays within the budget; starts the clock if it is not running.</summary>
    public bool Allows(TimeSpan delay)
    {
        _failingSince ??= clock.GetTimestamp();
        return FailingFor + delay <= maxRetryTime;
    }

    public void Progress() => _failingSince = null;
}
