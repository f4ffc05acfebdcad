using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocStream.Replayer;

/// <summary>
/// The generic host of the replayer: service defaults (OpenTelemetry, so each batch request is traced in the
/// Aspire dashboard) and the ingest HttpClient from <see cref="IHttpClientFactory"/>. The client has no standard
/// resilience handler: the replayer's own retry (IngestRetryPipeline, Polly) honours Retry-After and the batch's retry time, and
/// the client resends only the documents that failed.
/// </summary>
public static class ReplayHost
{
    public const string IngestClientName = "ingestapi";
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [], // the command line belongs to System.CommandLine
            ApplicationName = "DocStream.Replayer",
        });
        // Log lines would tear the progress bar: logs go to OpenTelemetry only (the Aspire dashboard when it runs us).
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.AddServiceDefaults();
        // Ctrl-C is the replayer's own business (summary, checkpoint, exit code 130).
        builder.Services.AddSingleton<IHostLifetime, ReplayHostLifetime>();

        // The service defaults add the standard resilience handler to every client; take it off this one.
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001) in Microsoft.Extensions.Http.Resilience 10.x;
        // it is the documented way, and ReplayHostTests checks that no resilience handler is left.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(IngestClientName, client => client.Timeout = RequestTimeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder.Build();
    }
}
