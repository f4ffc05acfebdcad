using System.Globalization;

namespace DocStream.AppHost.Hosting.MongoDB;

/// <summary>The connection string both server kinds share, as Aspire.Hosting.MongoDB writes it.</summary>
internal static class MongoDBConnectionString
{
    public static ReferenceExpression Build(EndpointReference endpoint, ParameterResource userName, ParameterResource password,
        string? databaseName, string? writeConcern = null)
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
        if (writeConcern is not null)
        {
            builder.AppendLiteral("&w=" + writeConcern);
        }
        return builder.Build();
    }

    /// <summary>Accepts <c>majority</c> or a whole number of members (at least 1); anything else is refused with a clear message.</summary>
    public static string ValidateWriteConcern(string writeConcern)
    {
        var value = writeConcern?.Trim() ?? "";
        if (value.Equals("majority", StringComparison.OrdinalIgnoreCase))
        {
            return "majority";
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var members) && members >= 1)
        {
            return members.ToString(CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException(
            $"MongoDB write concern '{writeConcern}' is not valid: use 'majority' or a number of members (1 or more). " +
            "w=0 (unacknowledged) would let the processor commit Kafka offsets for writes nobody confirmed.");
    }
}
