using DocStream.Contracts;

namespace DocStream.StreamProcessor.Control;

/// <summary>What the operators asked for, as last read from MongoDB: the consumer loop pauses fetching while it is on.</summary>
public sealed class ProcessingSwitch : IDisposable
{
    private readonly ManualResetEventSlim _read = new();
    private volatile State _state = new(false, "", DateTime.MinValue);

    public bool Paused => _state.Paused;

    public State Current => _state;

    private volatile RewindRequest? _rewind;

    /// <summary>The last rewind asked for (the consumer loop applies each id once).</summary>
    public RewindRequest? Rewind => _rewind;

    public void Set(bool paused, string by, DateTime since, RewindRequest? rewind = null)
    {
        _state = new State(paused, by, since);
        _rewind = rewind;
        _read.Set();
    }

    /// <summary>
    /// Waits for the first read of the switch, so an instance started while processing is paused does not fetch
    /// a batch before it knows. Gives up after <paramref name="timeout"/> (MongoDB down: the loop's own retry waits).
    /// </summary>
    public bool WaitForFirstRead(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return _read.Wait(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _read.Dispose();

    public sealed record State(bool Paused, string By, DateTime Since);
}
