using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace DocStream.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// Keeps every log line of every resource of a running AppHost, from before it starts until it stops, and (as a
/// logger provider) every line the AppHost itself logs, at every level.
/// </summary>
public sealed class ResourceLogCollector : IAsyncDisposable, ILoggerProvider
{
    private readonly ConcurrentQueue<(string Resource, string Line)> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watchers = [];

    public IReadOnlyCollection<(string Resource, string Line)> Lines => _lines;

    public void Start(ResourceLoggerService logs, IEnumerable<IResource> resources)
    {
        foreach (var resource in resources)
        {
            _watchers.Add(Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in logs.WatchAsync(resource).WithCancellation(_stop.Token))
                    {
                        foreach (var line in batch)
                        {
                            _lines.Enqueue((resource.Name, line.Content));
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }));
        }
    }

    public ILogger CreateLogger(string categoryName) => new AppHostLogger(this, "apphost " + categoryName);

    void IDisposable.Dispose()
    {
    }

    private sealed class AppHostLogger(ResourceLogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((category, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watchers);
        _stop.Dispose();
    }
}
