namespace Aspire.Confluent.Kafka;

/// <summary>The names Aspire.Confluent.Kafka registers its health checks and logs under.</summary>
internal static class ConfluentKafkaCommon
{
    public const string ProducerHealthCheckName = "Aspire.Confluent.Kafka.Producer";
    public const string ConsumerHealthCheckName = "Aspire.Confluent.Kafka.Consumer";
    public const string KeyedProducerHealthCheckName = "Aspire.Confluent.Kafka.Producer_";
    public const string KeyedConsumerHealthCheckName = "Aspire.Confluent.Kafka.Consumer_";
    public const string LogCategoryName = "Aspire.Confluent.Kafka";
}
