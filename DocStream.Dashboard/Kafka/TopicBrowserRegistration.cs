using DocStream.Contracts;

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
        builder.AddKafkaConsumer<string?, byte[]>(PipelineNames.Kafka, settings =>
        {
            settings.DisableHealthChecks = true;
            settings.Config.TryAdd("group.id", "docstream-dashboard-browser");
            settings.Config.TryAdd("enable.auto.commit", "false");
            settings.Config.TryAdd("enable.auto.offset.store", "false");
            settings.Config.TryAdd("enable.partition.eof", "true");
        });
        builder.Services.AddSingleton<ITopicBrowser, KafkaTopicBrowser>();
    }
}
