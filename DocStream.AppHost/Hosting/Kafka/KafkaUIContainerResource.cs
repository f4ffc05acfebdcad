namespace DocStream.AppHost.Hosting.Kafka;

/// <summary>Kafka UI (<c>kafbat/kafka-ui</c>), a browser view of topics and consumer groups.</summary>
public sealed class KafkaUIContainerResource(string name) : ContainerResource(name);
