namespace DocStream.AppHost.Hosting.MongoDB;

/// <summary>MongoDB in a container (official <c>mongo</c> image), with credentials from secret parameters.</summary>
public sealed class MongoDBServerResource(string name, ParameterResource userName, ParameterResource password)
    : ContainerResource(name), IMongoDBServer
{
    internal const string PrimaryEndpointName = "tcp";
    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);
    public ParameterResource UserNameParameter { get; } = userName;
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The <c>w</c> option of the connection strings (e.g. <c>majority</c>); none when null.</summary>
    public string? WriteConcern { get; set; }

    public ReferenceExpression ConnectionStringExpression => BuildConnectionString(null);

    public ReferenceExpression BuildConnectionString(string? databaseName) =>
        MongoDBConnectionString.Build(PrimaryEndpoint, UserNameParameter, PasswordParameter, databaseName, WriteConcern);
}
