extern alias dashboard;

using System.Diagnostics;
using System.Security.Cryptography;
using dashboard::DocStream.Dashboard.Data;
using dashboard::DocStream.Dashboard.Telemetry;
using DocStream.Contracts;
using DocStream.MongoEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.FluentUI.AspNetCore.Components;
using Microsoft.JSInterop;
using MongoDB.Driver;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace DocStream.Observability.Tests;

/// <summary>
/// The dashboard's services as its Program wires them (service defaults with the plumbing filter, the MongoDB client,
/// the queries and their background loops), on the MongoDB emulator holding a few real lines, with what an exporter
/// receives kept in memory. Its page components render on the server as the circuit renders them: their
/// <c>OnParametersSetAsync</c> runs the real queries.
/// </summary>
public sealed class DashboardPageHost : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "docstream-otel-dashboard-" + Guid.NewGuid().ToString("N"));
    private MongoEmulatorServer? _mongo;
    private WebApplication? _app;
    private HtmlRenderer? _renderer;

    /// <summary>The spans an exporter receives (recorded ones), under <c>lock (list)</c>.</summary>
    public List<Activity> Exported { get; } = [];

    public WebApplication App => _app!;

    public async Task InitializeAsync()
    {
        _mongo = await MongoEmulatorServer.StartAsync(new MongoEmulatorOptions
        {
            Port = 0, DataDirectory = _dataDirectory, Username = "otel", Password = "otel-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
        });
        var database = _mongo.ConnectionString.Replace("/?", $"/{PipelineNames.Database}?", StringComparison.Ordinal);
        await SeedAsync(new MongoClient(database).GetDatabase(PipelineNames.Database));

        // The dashboard's application name: the service defaults trace the source of that name (DashboardTelemetry's).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardTelemetry).Assembly.GetName().Name,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration[$"ConnectionStrings:{PipelineNames.Database}"] = database;
        // The status poll every second, so a short test sees it poll.
        builder.Configuration["Dashboard:LagHistory:Interval"] = "00:00:01";
        builder.AddServiceDefaults();
        builder.AddMongoDBClient(PipelineNames.Database);
        builder.Services.AddDashboardQueries(builder.Configuration);
        builder.Services.AddFluentUIComponents();
        builder.Services.AddSingleton<NavigationManager, ServerNavigationManager>();
        builder.Services.AddSingleton<IJSRuntime, NoJavaScript>();
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddProcessor(new SimpleActivityExportProcessor(new LockedSpanExporter(Exported))));
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        _renderer = new HtmlRenderer(_app.Services, NullLoggerFactory.Instance);
    }

    /// <summary>Renders a page component with its route parameters, as a visit to it would.</summary>
    public Task<string> RenderAsync<TPage>(IDictionary<string, object?> parameters) where TPage : IComponent =>
        _renderer!.Dispatcher.InvokeAsync(async () =>
            (await _renderer.RenderComponentAsync<TPage>(ParameterView.FromDictionary(parameters))).ToHtmlString());

    public List<Activity> ExportedSpans()
    {
        lock (Exported)
        {
            return [.. Exported];
        }
    }

    /// <summary>Two invoices of customer 17850 from the data set's first rows.</summary>
    private static async Task SeedAsync(IMongoDatabase database)
    {
        var date = new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc);
        InvoiceLine Line(int row, string invoiceNo, string stockCode, string description, int quantity, decimal price) => new()
        {
            Id = $"online-retail:{row}", InvoiceNo = invoiceNo, StockCode = stockCode, Description = description, Quantity = quantity,
            UnitPrice = price, CustomerID = 17850, Country = "United Kingdom", InvoiceDate = date,
        };
        await database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection).InsertManyAsync(
        [
            Line(1, "536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, 2.55m),
            Line(2, "536365", "71053", "WHITE METAL LANTERN", 6, 3.39m),
            Line(8, "536366", "22633", "HAND WARMER UNION JACK", 6, 1.85m),
        ]);
    }

    public async Task DisposeAsync()
    {
        if (_renderer is not null)
        {
            await _renderer.DisposeAsync();
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_mongo is not null)
        {
            await _mongo.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class ServerNavigationManager : NavigationManager
    {
        public ServerNavigationManager() => Initialize("http://localhost/", "http://localhost/");

        protected override void NavigateToCore(string uri, NavigationOptions options)
        {
        }
    }

    /// <summary>Server rendering never reaches OnAfterRender, where the Fluent components call JavaScript.</summary>
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }
}
