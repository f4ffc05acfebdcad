namespace Aspire.Hosting;

/// <summary>Kafka UI (<c>kafbat/kafka-ui</c>), a browser view of the topics and consumer groups of every Kafka resource.</summary>
public sealed class KafkaUIContainerResource(string name) : ContainerResource(name);
