namespace DocStream.AppHost.Hosting.MongoDB;

/// <summary>A database on a MongoDB server: its connection string names the database.</summary>
public sealed class MongoDBDatabaseResource(string name, string databaseName, IMongoDBServer parent)
    : Resource(name), IResourceWithParent<IMongoDBServer>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public IMongoDBServer Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => Parent.BuildConnectionString(DatabaseName);
}
