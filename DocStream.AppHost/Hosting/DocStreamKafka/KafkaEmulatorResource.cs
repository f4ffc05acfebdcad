namespace DocStream.Hosting;

/// <summary>
/// Kafka's development stand-in (emulators/DocStream.KafkaEmulator: librdkafka's mock cluster) as an
/// executable resource with the same connection string shape as the container.
/// </summary>
public sealed class KafkaEmulatorResource(string name, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
