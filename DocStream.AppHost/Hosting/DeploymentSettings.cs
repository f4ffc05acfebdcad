using System.Globalization;
using DocStream.Contracts;
using DocStream.Hosting;
using Microsoft.Extensions.Configuration;

namespace DocStream.AppHost.Hosting;

/// <summary>
/// The production settings the AppHost takes from its configuration (appsettings, user secrets,
/// <c>DocStream__*</c> environment variables or <c>--DocStream:*=</c> arguments), validated at start so a wrong
/// value fails with a clear message instead of a half-working deployment. docs/deploy.md describes each.
/// </summary>
public sealed record DeploymentSettings(int ProcessorReplicas, int IngestApiReplicas, string MongoWriteConcern)
{
    public const string ProcessorReplicasKey = "DocStream:ProcessorReplicas";
    public const string IngestApiReplicasKey = "DocStream:IngestApiReplicas";
    public const string MongoWriteConcernKey = "DocStream:MongoDB:WriteConcern";

    /// <summary>More ingest API instances than this is a typo, not a plan.</summary>
    public const int MaxIngestApiReplicas = 100;

    public static DeploymentSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Each processor instance owns at least one partition of the ingest topic; beyond the partition count
        // the extra instances would sit idle in the consumer group.
        var processors = ReadInt(configuration, ProcessorReplicasKey, 1, PipelineNames.IngestTopicPartitions,
            $"a processor instance beyond the ingest topic's {PipelineNames.IngestTopicPartitions} partitions would get no partition");
        var ingest = ReadInt(configuration, IngestApiReplicasKey, 1, MaxIngestApiReplicas, "");
        string writeConcern;
        try
        {
            writeConcern = MongoDBConnectionString.ValidateWriteConcern(configuration[MongoWriteConcernKey] ?? "majority");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{MongoWriteConcernKey}: {e.Message}", e);
        }
        return new DeploymentSettings(processors, ingest, writeConcern);
    }

    private static int ReadInt(IConfiguration configuration, string key, int min, int max, string why)
    {
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return min;
        }
        if (!int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException(
                $"{key} is '{raw}'; use a whole number from {min} to {max}{(why.Length > 0 ? $" ({why})" : "")}.");
        }
        return value;
    }
}
