using DocStream.Dashboard.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.FluentUI.AspNetCore.Components;
using Microsoft.JSInterop;
using MongoDB.Driver;

namespace DocStream.Bench.Dashboard;

/// <summary>
/// Renders the dashboard's real page components on the server with the real query services, the way the
/// interactive circuit renders them, minus the diff sent over the WebSocket: <c>OnParametersSetAsync</c> runs
/// the query, then the component tree (Fluent components included) is built and written out.
/// </summary>
public sealed class PageRenderer : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly HtmlRenderer _renderer;

    public PageRenderer(IMongoDatabase database, IAnalyticsSnapshotSource snapshots)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFluentUIComponents();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddSingleton<ICustomerQueries, CustomerQueries>();
        services.AddSingleton<IInvoiceQueries, InvoiceQueries>();
        services.AddSingleton(snapshots);
        services.AddSingleton<NavigationManager, BenchNavigationManager>();
        services.AddSingleton<IJSRuntime, NoJavaScript>();
        _services = services.BuildServiceProvider();
        _renderer = new HtmlRenderer(_services, NullLoggerFactory.Instance);
    }

    /// <summary>Renders the component with its parameters; returns the HTML length (so nothing is optimised away).</summary>
    public Task<int> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString().Length;
        });

    public async ValueTask DisposeAsync()
    {
        await _renderer.DisposeAsync();
        await _services.DisposeAsync();
    }

    private sealed class BenchNavigationManager : NavigationManager
    {
        public BenchNavigationManager() => Initialize("http://localhost/", "http://localhost/");

        protected override void NavigateToCore(string uri, NavigationOptions options)
        {
        }
    }

    /// <summary>Static rendering never reaches OnAfterRender, where the Fluent components call JavaScript.</summary>
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }
}

/// <summary>A snapshot held in memory, as the dashboard's snapshot service holds it between recomputations.</summary>
public sealed class FixedSnapshot(AnalyticsSnapshot snapshot) : IAnalyticsSnapshotSource
{
    public AnalyticsSnapshot? Current => snapshot;
    public string? LastError => null;

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
