namespace DocStream.AppHost.Hosting.Kafka;

/// <summary>
/// Kafka in a container (KRaft, <c>confluentinc/confluent-local</c>), shaped like Aspire.Hosting.Kafka's
/// resource: <c>tcp</c> endpoint for host processes, <c>internal</c> for the container network.
/// </summary>
public sealed class KafkaServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string InternalEndpointName = "internal";

    private EndpointReference? _primaryEndpoint;
    private EndpointReference? _internalEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);
    public EndpointReference InternalEndpoint => _internalEndpoint ??= new(this, InternalEndpointName);

    /// <summary>Bootstrap servers, <c>host:port</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
