namespace DocStream.AppHost.Hosting.MongoDB;

/// <summary>Mongo Express, a browser view of the databases (the seed had one too).</summary>
public sealed class MongoExpressContainerResource(string name) : ContainerResource(name);
