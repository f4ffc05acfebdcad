namespace Aspire.Hosting.MongoDB;

/// <summary>Mongo Express, a browser view of a MongoDB server's databases.</summary>
public sealed class MongoExpressContainerResource(string name) : ContainerResource(name);
