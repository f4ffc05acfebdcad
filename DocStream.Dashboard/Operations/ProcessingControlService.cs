using System.Security.Claims;
using DocStream.Contracts;
using DocStream.Dashboard.Security;
using Microsoft.AspNetCore.Authorization;
using MongoDB.Driver;

namespace DocStream.Dashboard.Operations;

/// <summary>The processing switch as the dashboard sees it, and the operator actions that flip it.</summary>
public interface IProcessingControl
{
    /// <summary>The switch as stored; a fresh one (running) when no operator ever touched it.</summary>
    Task<ProcessingControl> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Pauses or resumes every processor instance. Operators only: anyone else is refused (and audited).</summary>
    Task SetPausedAsync(ClaimsPrincipal user, bool paused, CancellationToken cancellationToken = default);
}

/// <summary>
/// Writes the switch the processors poll. The operator check happens here, on the server, whatever the page showed:
/// a viewer's circuit that somehow calls this is refused.
/// </summary>
public sealed class ProcessingControlService(IMongoDatabase database, IAuthorizationService authorization, OperatorAudit audit, TimeProvider time)
    : IProcessingControl
{
    private readonly IMongoCollection<ProcessingControl> _controls = database.GetCollection<ProcessingControl>(PipelineNames.ControlCollection);

    public async Task<ProcessingControl> GetAsync(CancellationToken cancellationToken = default) =>
        await _controls.Find(c => c.Id == ProcessingControl.DocumentId).FirstOrDefaultAsync(cancellationToken) ?? new ProcessingControl();

    public async Task SetPausedAsync(ClaimsPrincipal user, bool paused, CancellationToken cancellationToken = default)
    {
        var action = paused ? "pause processing" : "resume processing";
        if (!(await authorization.AuthorizeAsync(user, DashboardRoles.OperatorPolicy)).Succeeded)
        {
            await audit.TryRecordAsync(user, action, "", "refused");
            throw new OperatorOnlyException(action);
        }
        try
        {
            // Only the pause fields: a rewind request in the same document stays as it is.
            await _controls.UpdateOneAsync(c => c.Id == ProcessingControl.DocumentId,
                Builders<ProcessingControl>.Update.Set(c => c.Paused, paused).Set(c => c.ChangedAt, time.GetUtcNow().UtcDateTime)
                    .Set(c => c.ChangedBy, OperatorAudit.NameOf(user)),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            await audit.TryRecordAsync(user, action, "", $"failed: {e.Message}");
            throw;
        }
        await audit.TryRecordAsync(user, action, "", "done");
    }
}

/// <summary>An action only operators may take was asked for by someone else.</summary>
public sealed class OperatorOnlyException(string action) : UnauthorizedAccessException($"Only an operator may {action}.");
