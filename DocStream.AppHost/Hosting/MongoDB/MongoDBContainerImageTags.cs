namespace Aspire.Hosting.MongoDB;

/// <summary>The images Aspire.Hosting.MongoDB 13.x pins (its MongoDBContainerImageTags).</summary>
internal static class MongoDBContainerImageTags
{
    public const string Registry = "docker.io";
    public const string Image = "library/mongo";
    public const string Tag = "8.2";
    public const string MongoExpressRegistry = "docker.io";
    public const string MongoExpressImage = "library/mongo-express";
    public const string MongoExpressTag = "1.0";
}
