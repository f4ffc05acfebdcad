using System.Globalization;

namespace DocStream.Hosting;

/// <summary>
/// The connection string of every MongoDB server kind (container, emulator), as Aspire.Hosting.MongoDB writes it:
/// <c>mongodb://[user:password@]host:port/[database][?authSource=admin&amp;authMechanism=SCRAM-SHA-256][&amp;w=...]</c>.
/// </summary>
internal static class MongoDBConnectionString
{
    private const string DefaultUserName = "admin";

    public static ReferenceExpression Build(EndpointReference endpoint, ParameterResource? userName, ParameterResource? password,
        string? databaseName, string? writeConcern = null)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.AppendLiteral("mongodb://");
        if (password is not null)
        {
            if (userName is not null)
            {
                builder.Append($"{userName:uri}:{password:uri}@");
            }
            else
            {
                builder.AppendLiteral(DefaultUserName + ":");
                builder.Append($"{password:uri}@");
            }
        }
        builder.Append($"{endpoint.Property(EndpointProperty.HostAndPort)}");
        if (databaseName is not null || password is not null || writeConcern is not null)
        {
            builder.AppendLiteral("/");
        }
        if (databaseName is not null)
        {
            builder.AppendLiteral(Uri.EscapeDataString(databaseName));
        }
        var options = new List<string>();
        if (password is not null)
        {
            options.Add("authSource=admin");
            options.Add("authMechanism=SCRAM-SHA-256");
        }
        if (writeConcern is not null)
        {
            options.Add("w=" + writeConcern);
        }
        if (options.Count > 0)
        {
            builder.AppendLiteral("?" + string.Join('&', options));
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
