namespace DocStream.Hosting;

/// <summary>
/// A database on a MongoDB container whose connection string also sets the default write concern (<c>w=</c>), which
/// Aspire.Hosting.MongoDB's database resource has no option for. Built from the server's public parts only, so it
/// stays after the swap.
/// </summary>
public sealed class MongoDBWriteConcernDatabaseResource(string name, string databaseName, MongoDBServerResource parent, string writeConcern)
    : Resource(name), IResourceWithParent<MongoDBServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public MongoDBServerResource Parent { get; } = parent;

    /// <summary><c>majority</c> or a number of members.</summary>
    public string WriteConcern { get; } = MongoDBConnectionString.ValidateWriteConcern(writeConcern);

    public ReferenceExpression ConnectionStringExpression =>
        MongoDBConnectionString.Build(Parent.PrimaryEndpoint, Parent.UserNameParameter, Parent.PasswordParameter, DatabaseName, WriteConcern);
}
