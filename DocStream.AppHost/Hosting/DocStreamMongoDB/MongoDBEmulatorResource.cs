namespace DocStream.Hosting;

/// <summary>
/// MongoDB's development stand-in (emulators/DocStream.MongoEmulator: a wire-protocol server, durable on disk)
/// as an executable resource with the same credentials and connection string as the container.
/// </summary>
public sealed class MongoDBEmulatorResource(string name, string workingDirectory, ParameterResource userName, ParameterResource password)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);
    public ParameterResource UserNameParameter { get; } = userName;
    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => BuildConnectionString(null);

    internal ReferenceExpression BuildConnectionString(string? databaseName) =>
        MongoDBConnectionString.Build(PrimaryEndpoint, UserNameParameter, PasswordParameter, databaseName);
}
