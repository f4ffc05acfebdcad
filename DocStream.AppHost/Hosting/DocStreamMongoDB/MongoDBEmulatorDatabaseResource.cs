namespace DocStream.Hosting;

/// <summary>A database on the MongoDB emulator: its connection string names the database.</summary>
public sealed class MongoDBEmulatorDatabaseResource(string name, string databaseName, MongoDBEmulatorResource parent)
    : Resource(name), IResourceWithParent<MongoDBEmulatorResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;
    public MongoDBEmulatorResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => Parent.BuildConnectionString(DatabaseName);
}
