using Microsoft.Extensions.Hosting;

namespace DocStream.Replayer;

/// <summary>A host lifetime that does not take Ctrl-C: the replayer handles it to print its summary and save its checkpoint.</summary>
public sealed class ReplayHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
