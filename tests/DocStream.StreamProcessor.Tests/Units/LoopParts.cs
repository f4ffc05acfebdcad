using System.Diagnostics.Metrics;
using DocStream.StreamProcessor.Status;
using DocStream.StreamProcessor.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.StreamProcessor.Tests.Units;

/// <summary>The real metrics and status the consumer loop's parts report to, without a host.</summary>
internal sealed class LoopParts : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public LoopParts()
    {
        Metrics = new ProcessorMetrics(_services.GetRequiredService<IMeterFactory>());
    }

    public ProcessorMetrics Metrics { get; }

    public ProcessorState State { get; } = new();

    public ProcessorOptions Options { get; } = new() { MaxBatchSize = 4, MaxBatchWaitMs = 50, RetryInitialBackoffMs = 10, RetryMaxBackoffMs = 20 };

    public void Dispose() => _services.Dispose();
}
