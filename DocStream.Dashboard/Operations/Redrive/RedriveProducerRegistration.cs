using DocStream.Contracts;

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
        builder.AddKafkaProducer<string, byte[]>(PipelineNames.Kafka, settings =>
        {
            settings.Config.TryAdd("acks", "all");
            settings.Config.TryAdd("enable.idempotence", "true");
            settings.Config.TryAdd("linger.ms", "5");
            settings.Config.TryAdd("compression.type", "zstd");
            // An operator waits for the answer: say "not acknowledged" within seconds, not minutes.
            settings.Config.TryAdd("message.timeout.ms", "15000");
            // The pages work without Kafka: its absence must not make the dashboard unhealthy.
            settings.DisableHealthChecks = true;
        });
        builder.Services.AddSingleton<IRedriveProducer, KafkaRedriveProducer>();
    }
}
