namespace DocStream.AppHost.Hosting.MongoDB;

/// <summary>The connection string both server kinds share, as Aspire.Hosting.MongoDB writes it.</summary>
internal static class MongoDBConnectionString
{
    public static ReferenceExpression Build(EndpointReference endpoint, ParameterResource userName, ParameterResource password, string? databaseName)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.AppendLiteral("mongodb://");
        builder.Append($"{userName:uri}:{password:uri}@");
        builder.Append($"{endpoint.Property(EndpointProperty.HostAndPort)}");
        builder.AppendLiteral("/");
        if (databaseName is not null)
        {
            builder.AppendLiteral(databaseName);
        }
        builder.AppendLiteral("?authSource=admin&authMechanism=SCRAM-SHA-256");
        return builder.Build();
    }
}
