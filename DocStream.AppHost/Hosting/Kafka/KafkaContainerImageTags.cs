namespace Aspire.Hosting;

/// <summary>The images Aspire.Hosting.Kafka 13.x pins (its KafkaContainerImageTags).</summary>
internal static class KafkaContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "confluentinc/confluent-local";
    public const string Tag = "8.1.1";
    public const string KafkaUiImage = "kafbat/kafka-ui";
    public const string KafkaUiTag = "v1.4.2";
}
