using System.Security.Claims;
using DocStream.Contracts;
using DocStream.Dashboard.Kafka;
using DocStream.Dashboard.Security;
using Microsoft.AspNetCore.Authorization;
using MongoDB.Driver;

namespace DocStream.Dashboard.Operations;

/// <summary>Rewind the processor group to the earliest offset or to a point in time: a dry run, then the request. Operators only.</summary>
public interface IRewindControl
{
    /// <param name="toTime">UTC; null rewinds to the earliest offset.</param>
    Task<RewindPlan> DryRunAsync(ClaimsPrincipal user, DateTime? toTime = null, CancellationToken cancellationToken = default);

    /// <summary>Writes the request the processor instances apply (the plan of a dry run, or to the earliest offset); returns its id.</summary>
    Task<string> RequestAsync(ClaimsPrincipal user, RewindPlan? plan = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// The dry run reads the group's position and, for a time, each partition's first offset at that time through the
/// topic browser's assign-only consumer; the request goes to <c>pipeline_control</c>, where every processor instance
/// picks it up within a second (docs/operations.md). A rewind to a time carries the dry run's offsets, so what is read
/// again is what the operator saw. Both check the operator policy on the server; the request is audited.
/// </summary>
public sealed class RewindControlService(IMongoDatabase database, IAuthorizationService authorization, OperatorAudit audit,
    TimeProvider time, ITopicBrowser kafka) : IRewindControl
{
    public async Task<RewindPlan> DryRunAsync(ClaimsPrincipal user, DateTime? toTime = null, CancellationToken cancellationToken = default)
    {
        var at = toTime is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : (DateTime?)null;
        await EnsureOperatorAsync(user, ActionFor(at) + " (dry run)");
        var positions = await kafka.GetOffsetsAsync(cancellationToken);
        var atTime = at is { } moment ? await kafka.OffsetsAtTimeAsync(moment, cancellationToken) : null;
        return RewindPlan.For(positions, atTime) with { ToTime = at };
    }

    public async Task<string> RequestAsync(ClaimsPrincipal user, RewindPlan? plan = null, CancellationToken cancellationToken = default)
    {
        var action = ActionFor(plan?.ToTime);
        await EnsureOperatorAsync(user, action);
        var request = new RewindRequest
        {
            Id = Guid.NewGuid().ToString("N"), ToTime = plan?.ToTime, RequestedAt = time.GetUtcNow().UtcDateTime, By = OperatorAudit.NameOf(user),
            Offsets = plan?.ToTime is null ? null
                : plan.Partitions.Where(p => p.From is not null).Select(p => new RewindOffset { Partition = p.Partition, Offset = p.From!.Value }).ToList(),
        };
        try
        {
            await database.GetCollection<ProcessingControl>(PipelineNames.ControlCollection).UpdateOneAsync(
                c => c.Id == ProcessingControl.DocumentId, Builders<ProcessingControl>.Update.Set(c => c.Rewind, request),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            await audit.TryRecordAsync(user, action, request.Id, $"failed: {e.Message}");
            throw;
        }
        await audit.TryRecordAsync(user, action, request.Id, "requested");
        return request.Id;
    }

    private static string ActionFor(DateTime? toTime) =>
        toTime is { } at ? $"rewind to {at:yyyy-MM-dd HH:mm:ss} UTC" : "rewind to earliest";

    private async Task EnsureOperatorAsync(ClaimsPrincipal user, string action)
    {
        if (!(await authorization.AuthorizeAsync(user, DashboardRoles.OperatorPolicy)).Succeeded)
        {
            await audit.TryRecordAsync(user, action, "", "refused");
            throw new OperatorOnlyException(action);
        }
    }
}
