using DocStream.Hosting;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>MongoDB in a container (<c>mongo</c> image), as Aspire.Hosting.MongoDB's resource.</summary>
public class MongoDBServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    private const string DefaultUserName = "admin";

    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);
    private EndpointReference? _primaryEndpoint;

    /// <param name="name">The resource name.</param>
    /// <param name="userNameParameter">The root user's name; <c>admin</c> when null.</param>
    /// <param name="passwordParameter">The root user's password; no authentication when null.</param>
    public MongoDBServerResource(string name, ParameterResource? userNameParameter, ParameterResource? passwordParameter) : this(name)
    {
        UserNameParameter = userNameParameter;
        PasswordParameter = passwordParameter;
    }

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);

    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    public ParameterResource? PasswordParameter { get; }

    public ParameterResource? UserNameParameter { get; }

    /// <summary>The user name parameter, or <c>admin</c>.</summary>
    public ReferenceExpression UserNameReference => UserNameParameter is not null
        ? ReferenceExpression.Create($"{UserNameParameter}")
        : ReferenceExpression.Create($"{DefaultUserName}");

    public ReferenceExpression ConnectionStringExpression => BuildConnectionString();

    public ReferenceExpression UriExpression => BuildConnectionString();

    /// <summary>Resource name to database name of the databases added with <c>AddDatabase</c>.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    internal ReferenceExpression BuildConnectionString(string? databaseName = null) =>
        MongoDBConnectionString.Build(PrimaryEndpoint, UserNameParameter, PasswordParameter, databaseName);

    internal void AddDatabase(string name, string databaseName) => _databases.TryAdd(name, databaseName);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties()
    {
        yield return new("Host", ReferenceExpression.Create($"{Host}"));
        yield return new("Port", ReferenceExpression.Create($"{Port}"));
        yield return new("Username", UserNameReference);
        if (PasswordParameter is not null)
        {
            yield return new("Password", ReferenceExpression.Create($"{PasswordParameter}"));
            yield return new("AuthenticationDatabase", ReferenceExpression.Create($"admin"));
            yield return new("AuthenticationMechanism", ReferenceExpression.Create($"SCRAM-SHA-256"));
        }
        yield return new("Uri", UriExpression);
    }
}
