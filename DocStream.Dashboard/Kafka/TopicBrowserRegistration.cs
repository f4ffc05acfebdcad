using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;

namespace DocStream.Dashboard.Kafka;

public static class TopicBrowserRegistration
{
    /// <summary>The topic browser's consumer: assign-only, never commits, no health check (pages work without Kafka).</summary>
    public static void AddTopicBrowser(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(PipelineNames.Kafka) is not { Length: > 0 })
        {
            builder.Services.AddSingleton<ITopicBrowser, UnavailableTopicBrowser>();
            return;
        }
        builder.AddKafkaStatisticsMetrics();
        builder.AddKafkaConsumer<string?, byte[]>(PipelineNames.Kafka, settings =>
        {
            settings.DisableHealthChecks = true;
            settings.Config.GroupId ??= "docstream-dashboard-browser";
            settings.Config.EnableAutoCommit ??= false;
            settings.Config.EnableAutoOffsetStore ??= false;
            settings.Config.EnablePartitionEof ??= true;
        }, (sp, consumer) => consumer.WithDocStreamTelemetry(sp));
        builder.Services.AddSingleton<ITopicBrowser, KafkaTopicBrowser>();
    }
}
