using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// The real dashboard (its Program) on Kestrel at <see cref="BaseUri"/>, in Production, with the settings a test
/// gives and a fake clock. MongoDB is an address nobody answers: sign-in needs none of it. Every log line the
/// dashboard writes, at every level, is kept for the secret scans.
/// </summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _log = new();

    public DashboardServer(Uri baseUri, IReadOnlyDictionary<string, string> settings)
    {
        BaseUri = baseUri;
        _settings = settings;
        UseKestrel(baseUri.Port);
        StartServer();
    }

    public Uri BaseUri { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public IReadOnlyCollection<string> Log => _log;

    public Uri Url(string relative) => new(BaseUri, relative);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:docstreaming", "mongodb://127.0.0.1:9/docstreaming?serverSelectionTimeoutMS=300&connectTimeoutMS=300");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CollectingProvider(_log)));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    private sealed class CollectingProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CollectingLogger(log, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class CollectingLogger(ConcurrentQueue<string> log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue($"{category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
