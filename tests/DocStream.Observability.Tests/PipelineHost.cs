extern alias ingest;

using System.Diagnostics;
using System.Security.Cryptography;
using DocStream.Contracts;
using DocStream.KafkaEmulator;
using DocStream.MongoEmulator;
using DocStream.StreamProcessor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace DocStream.Observability.Tests;

/// <summary>
/// The ingest API and the processor in this process, on the emulators, with their OpenTelemetry exported
/// to memory. Activity sources and ASP.NET Core diagnostics are process-wide, so the processor host's
/// tracer provider sees both services' spans, as a collector would.
/// </summary>
public sealed class PipelineHost : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "docstream-otel-" + Guid.NewGuid().ToString("N"));
    private KafkaEmulator.KafkaEmulator? _kafka;
    private MongoEmulatorServer? _mongo;
    private WebApplication? _processor;

    public List<Activity> Spans { get; } = [];

    /// <summary>The spans an exporter receives (recorded ones), under <c>lock (list)</c>.</summary>
    public List<Activity> Exported { get; } = [];
    public List<Metric> Metrics { get; } = [];
    public string ApiKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    public string MongoPassword { get; } = "otel-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    public int KafkaPort { get; private set; }
    public WebApplicationFactory<ingest::Program> IngestApi { get; private set; } = null!;
    public WebApplication Processor => _processor!;

    public async Task InitializeAsync()
    {
        _kafka = KafkaEmulator.KafkaEmulator.Start(0, [(PipelineNames.IngestTopic, 2), (PipelineNames.DeadLetterTopic, 1)]);
        KafkaPort = _kafka.Port;
        _mongo = await MongoEmulatorServer.StartAsync(new MongoEmulatorOptions { Port = 0, DataDirectory = _dataDirectory, Username = "otel", Password = MongoPassword });
        var database = _mongo.ConnectionString.Replace("/?", $"/{PipelineNames.Database}?", StringComparison.Ordinal);

        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration[$"ConnectionStrings:{PipelineNames.Kafka}"] = _kafka.BootstrapServers;
        builder.Configuration[$"ConnectionStrings:{PipelineNames.Database}"] = database;
        builder.Configuration["Processor:MaxBatchWaitMs"] = "20";
        builder.AddServiceDefaults();
        builder.AddStreamProcessor();
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t
                .AddProcessor(new LockedSpanCollector(Spans))
                // What an exporter (OTLP to the Aspire dashboard) is handed: recorded spans only.
                .AddProcessor(new SimpleActivityExportProcessor(new LockedSpanExporter(Exported))))
            .WithMetrics(m => m.AddReader(new PeriodicExportingMetricReader(new LockedMetricCollector(Metrics))));
        _processor = builder.Build();
        _processor.MapDefaultEndpoints();
        await _processor.StartAsync();

        IngestApi = new WebApplicationFactory<ingest::Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting($"ConnectionStrings:{PipelineNames.Kafka}", _kafka.BootstrapServers);
            web.UseSetting("Ingest:ApiKey", ApiKey);
        });
    }

    public HttpClient CreateIngestClient()
    {
        var client = IngestApi.CreateClient();
        client.DefaultRequestHeaders.Add(PipelineNames.ApiKeyHeader, ApiKey);
        return client;
    }

    /// <summary>Stops the Kafka emulator (the broker goes away).</summary>
    public async Task StopKafkaAsync()
    {
        await _kafka!.DisposeAsync();
        _kafka = null;
    }

    /// <summary>Starts a fresh Kafka emulator on the same port.</summary>
    public void StartKafkaAgain() =>
        _kafka = KafkaEmulator.KafkaEmulator.Start(KafkaPort, [(PipelineNames.IngestTopic, 2), (PipelineNames.DeadLetterTopic, 1)]);

    public async Task DisposeAsync()
    {
        await IngestApi.DisposeAsync();
        if (_processor is not null)
        {
            await _processor.StopAsync();
            await _processor.DisposeAsync();
        }
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
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
}
