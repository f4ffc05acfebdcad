namespace Aspire.Hosting.ApplicationModel;

/// <summary>A database on a MongoDB server: its connection string names the database.</summary>
public class MongoDBDatabaseResource(string name, string databaseName, MongoDBServerResource parent)
    : Resource(name), IResourceWithParent<MongoDBServerResource>, IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => Parent.BuildConnectionString(DatabaseName);

    public ReferenceExpression UriExpression => Parent.BuildConnectionString(DatabaseName);

    public MongoDBServerResource Parent { get; } = parent ?? throw new ArgumentNullException(nameof(parent));

    public string DatabaseName { get; } = string.IsNullOrEmpty(databaseName)
        ? throw new ArgumentException("A database name is required.", nameof(databaseName))
        : databaseName;

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        Parent.CombineProperties([
            new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
            new("Uri", UriExpression),
        ]);
}
