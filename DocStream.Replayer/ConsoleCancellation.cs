namespace DocStream.Replayer;

/// <summary>The first Ctrl-C (or SIGTERM) asks the replay to stop cleanly; a second one ends the process at once.</summary>
public sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly System.Runtime.InteropServices.PosixSignalRegistration _terminate;

    public ConsoleCancellation()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                _source.Cancel();
            });
    }

    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested)
        {
            return; // second Ctrl-C: let the process end
        }
        e.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate.Dispose();
        _source.Dispose();
    }
}
