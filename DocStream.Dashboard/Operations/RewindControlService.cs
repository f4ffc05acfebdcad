using System.Security.Claims;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.Dashboard.Security;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.AspNetCore.Authorization;
using MongoDB.Driver;

namespace DocStream.Dashboard.Operations;

/// <summary>What a rewind to the earliest offset would read again, per partition of the ingest topic.</summary>
public sealed record RewindPlan(IReadOnlyList<PartitionRewind> Partitions)
{
    public long Total => Partitions.Sum(p => p.Messages);
}

public sealed record PartitionRewind(int Partition, long Messages);

/// <summary>Rewind the processor group to the earliest offset: a dry run, then the request. Operators only.</summary>
public interface IRewindControl
{
    Task<RewindPlan> DryRunAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>Writes the request the processor instances apply; returns its id.</summary>
    Task<string> RequestAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}

/// <summary>
/// The dry run reads the group's committed offsets and the topic's earliest ones from Kafka (an admin client on the
/// re-drive producer's connection); the request goes to <c>pipeline_control</c>, where every processor instance picks
/// it up within a second (docs/operations.md). Both check the operator policy on the server and are audited.
/// </summary>
public sealed class RewindControlService(IMongoDatabase database, IAuthorizationService authorization, OperatorAudit audit,
    TimeProvider time, IServiceProvider services) : IRewindControl
{
    private const string Action = "rewind to earliest";
    private static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(10);

    public async Task<RewindPlan> DryRunAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        await EnsureOperatorAsync(user, Action + " (dry run)");
        var producer = services.GetService<IProducer<string, byte[]>>()
            ?? throw new InvalidOperationException("The dashboard has no Kafka connection (ConnectionStrings:kafka).");
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var positions = await ConsumerGroupOffsets.ReadAsync(admin, PipelineNames.ProcessorGroup, PipelineNames.IngestTopic, KafkaTimeout);
        return new RewindPlan(positions.Select(p => new PartitionRewind(p.Partition, p.SinceEarliest)).ToList());
    }

    public async Task<string> RequestAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        await EnsureOperatorAsync(user, Action);
        var request = new RewindRequest
        {
            Id = Guid.NewGuid().ToString("N"), RequestedAt = time.GetUtcNow().UtcDateTime, By = OperatorAudit.NameOf(user),
        };
        try
        {
            await database.GetCollection<ProcessingControl>(PipelineNames.ControlCollection).UpdateOneAsync(
                c => c.Id == ProcessingControl.DocumentId, Builders<ProcessingControl>.Update.Set(c => c.Rewind, request),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            await audit.TryRecordAsync(user, Action, request.Id, $"failed: {e.Message}");
            throw;
        }
        await audit.TryRecordAsync(user, Action, request.Id, "requested");
        return request.Id;
    }

    private async Task EnsureOperatorAsync(ClaimsPrincipal user, string action)
    {
        if (!(await authorization.AuthorizeAsync(user, DashboardRoles.OperatorPolicy)).Succeeded)
        {
            await audit.TryRecordAsync(user, action, "", "refused");
            throw new OperatorOnlyException(action);
        }
    }
}
