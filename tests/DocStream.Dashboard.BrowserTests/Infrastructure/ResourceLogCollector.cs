using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DocStream.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// A logger provider for the AppHost under test that keeps every line at every level: the AppHost's own, and each
/// resource's console output, which the AppHost forwards as <c>{AppHost}.Resources.{resource}</c>.
/// </summary>
public sealed class ResourceLogCollector : ILoggerProvider
{
    private const string ResourcesCategory = "DocStream.AppHost.Resources.";

    private readonly ConcurrentQueue<(string Resource, string Line)> _lines = new();

    /// <summary>Each line with the resource that wrote it (<c>apphost</c> for the AppHost's own).</summary>
    public IReadOnlyCollection<(string Resource, string Line)> Lines => _lines;

    public ILogger CreateLogger(string categoryName) =>
        new CollectingLogger(this, categoryName.StartsWith(ResourcesCategory, StringComparison.Ordinal) ? categoryName[ResourcesCategory.Length..] : "apphost");

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(ResourceLogCollector owner, string resource) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((resource, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}
