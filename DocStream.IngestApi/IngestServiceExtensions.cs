using System.Threading.RateLimiting;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DocStream.Contracts;
using DocStream.IngestApi.Admission;
using DocStream.IngestApi.Apis;
using DocStream.IngestApi.OpenApi;
using DocStream.IngestApi.Publishing;
using DocStream.IngestApi.Security;
using DocStream.IngestApi.Telemetry;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi;

/// <summary>The ingest API's wiring: options, the shared producer, limits and OpenAPI.</summary>
public static class IngestServiceExtensions
{
    public static void AddIngestServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();

        builder.ValidateKafkaConfiguration(PipelineNames.Kafka);
        builder.AddKafkaStatisticsMetrics();
        builder.AddKafkaProducer<string, byte[]>(PipelineNames.Kafka, settings =>
        {
            // Defaults that make "acknowledged" mean durable and ordered; configuration may override them.
            settings.Config.Acks ??= Acks.All;
            settings.Config.EnableIdempotence ??= true;
            settings.Config.LingerMs ??= 2;
            settings.Config.CompressionType ??= CompressionType.Zstd;
            settings.Config.BatchNumMessages ??= 10000;
            // Bounded memory: beyond this the producer refuses and the API answers 503.
            settings.Config.QueueBufferingMaxMessages ??= 200000;
            settings.Config.QueueBufferingMaxKbytes ??= 262144;
            settings.Config.MessageTimeoutMs ??= 10000;
            // Delivery reports carry the error, partition and offset regardless; the message's key, value, headers and
            // timestamp are never read back, so librdkafka's copies are not marshalled into each report.
            settings.Config.DeliveryReportFields ??= "none";
        }, (sp, producer) => producer.WithDocStreamTelemetry(sp));
        // For "where is my document?": reads messages not yet written by position, never joins a group, never commits.
        builder.AddKafkaConsumer<string?, byte[]>(PipelineNames.Kafka, settings =>
        {
            settings.DisableHealthChecks = true;
            settings.Config.GroupId ??= "docstream-ingest-lookup";
            settings.Config.EnableAutoCommit ??= false;
            settings.Config.EnableAutoOffsetStore ??= false;
            settings.Config.EnablePartitionEof ??= true;
        }, (sp, consumer) => consumer.WithDocStreamTelemetry(sp));
        builder.UseKafkaMetadataHealthChecks(PipelineNames.Kafka);
        // The store is read only by the status route; ingesting never waits for it, so it is not part of /health,
        // and an API run without it (README's standalone run) still ingests: the status route then answers 503.
        if (builder.Configuration.GetConnectionString(PipelineNames.Database) is { Length: > 0 })
        {
            builder.AddMongoDBClient(PipelineNames.Database, settings => settings.DisableHealthChecks = true,
                client => client.ServerSelectionTimeout = TimeSpan.FromSeconds(5));
        }
        builder.Services.AddSingleton<Kafka.LookupConsumer>();
        builder.Services.AddSingleton<Status.ProcessorPositionReader>();
        builder.Services.AddSingleton(sp => new Status.CommittedPositionsCache(
            sp.GetRequiredService<Status.ProcessorPositionReader>().ReadAsync, sp.GetRequiredService<TimeProvider>(), Status.CommittedPositionsCache.DefaultMaxAge));
        builder.Services.AddSingleton<Status.StatusLookupLimiter>();
        builder.Services.AddSingleton<Status.DocumentLocator>();
        builder.AddKafkaTopics(PipelineNames.Kafka,
            new TopicSpecification { Name = options.Topic, NumPartitions = PipelineNames.IngestTopicPartitions, ReplicationFactor = -1 });

        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<DocumentPublisher>();
        builder.Services.AddSingleton<ApiKeyFilter>();
        builder.Services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AdmissionGate>();
        builder.Services.AddSingleton<AdmissionFilter>();
        builder.Services.AddHostedService<ConsumerLagMonitor>();
        builder.Services.AddHostedService<AdmissionStatusReporter>();
        builder.Services.AddHealthChecks().AddCheck<AdmissionHealthCheck>("admission", tags: ["ready"]);
        builder.Services.AddProblemDetails();
        // Wire names follow the seed: PascalCase, as sent.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = null);
        builder.Services.AddOpenApi(IngestOpenApi.Configure);

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(InvoiceIngestApi.RateLimitPolicy, context =>
            {
                var perSecond = context.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value.RequestsPerSecondPerKey;
                return RateLimitPartition.GetTokenBucketLimiter(
                    context.Request.Headers[PipelineNames.ApiKeyHeader].ToString(),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = perSecond,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.HttpContext.RequestServices.GetRequiredService<IngestMetrics>().Rejected(1, "rate_limited");
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
                    detail: $"This API key is over its rate; retry after {retryAfter} s.").ExecuteAsync(context.HttpContext);
            };
        });
    }
}
