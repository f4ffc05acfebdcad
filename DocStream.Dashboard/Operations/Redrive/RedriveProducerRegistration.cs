using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;

namespace DocStream.Dashboard.Operations.Redrive;

public static class RedriveProducerRegistration
{
    /// <summary>
    /// The re-drive producer: idempotent, acks=all, as the ingest API's. Without a Kafka connection the dashboard still
    /// serves every page and a re-drive says why it cannot send.
    /// </summary>
    public static void AddRedriveProducer(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(PipelineNames.Kafka) is not { Length: > 0 })
        {
            builder.Services.AddSingleton<IRedriveProducer, UnconfiguredRedriveProducer>();
            return;
        }
        builder.ValidateKafkaConfiguration(PipelineNames.Kafka);
        builder.AddKafkaStatisticsMetrics();
        builder.AddKafkaProducer<string, byte[]>(PipelineNames.Kafka, settings =>
        {
            settings.Config.Acks ??= Acks.All;
            settings.Config.EnableIdempotence ??= true;
            settings.Config.LingerMs ??= 5;
            settings.Config.CompressionType ??= CompressionType.Zstd;
            // An operator waits for the answer: say "not acknowledged" within seconds, not minutes.
            settings.Config.MessageTimeoutMs ??= 15000;
            // The pages work without Kafka: its absence must not make the dashboard unhealthy.
            settings.DisableHealthChecks = true;
        }, (sp, producer) => producer.WithDocStreamTelemetry(sp));
        builder.Services.AddSingleton<IRedriveProducer, KafkaRedriveProducer>();
    }
}
