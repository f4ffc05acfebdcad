using DocStream.ServiceDefaults.Kafka;
using DocStream.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Service defaults shared by every DocStream service: OpenTelemetry (exported over OTLP when Aspire sets
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), health endpoints, service discovery and HTTP resilience.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The role (of a signed-in dashboard user) that may see <c>/health</c>'s detailed report outside Development.</summary>
    public const string OperatorRole = "operator";

    /// <summary>Meter and activity source names of DocStream's own pipeline telemetry.</summary>
    public const string PipelineTelemetryName = "DocStream.Pipeline";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PipelineTelemetryName, KafkaTelemetry.Name))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(builder.Environment.ApplicationName, PipelineTelemetryName, KafkaTelemetry.Name, MongoTelemetry.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(aspnet =>
                        // Health probes would drown the traces that matter (unless the plumbing is asked for).
                        aspnet.Filter = context => telemetry.ExportPlumbingTraces
                            || (!context.Request.Path.StartsWithSegments(HealthEndpointPath)
                                && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath)))
                    .AddHttpClientInstrumentation();
                if (!telemetry.ExportPlumbingTraces)
                {
                    // Added first, so every exporter added after it sees these spans already unrecorded.
                    tracing.AddProcessor(new PlumbingSpanFilter());
                }
            });

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check must pass (Kafka, MongoDB...). <c>/alive</c>: the process answers. Both are
    /// anonymous (probes of the AppHost and of Container Apps) and say only the status; <c>/health</c>'s detailed
    /// report (each check, its description, addresses in errors) only in Development or to a signed-in operator.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = HealthReportWriter.WriteStatusAsync,
        }).AllowAnonymous();
        return app;
    }
}
