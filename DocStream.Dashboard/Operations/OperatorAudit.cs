using System.Security.Claims;
using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.Dashboard.Operations;

/// <summary>Reads the audit trail, newest first.</summary>
public interface IOperatorAuditTrail
{
    Task<IReadOnlyList<OperatorAuditEntry>> LatestAsync(int count, CancellationToken cancellationToken = default);
}

/// <summary>The audit trail of operator actions (who, when, what, result), kept in MongoDB and shown on the overview.</summary>
public sealed class OperatorAudit(IMongoDatabase database, TimeProvider time, ILogger<OperatorAudit> logger) : IOperatorAuditTrail
{
    private readonly IMongoCollection<OperatorAuditEntry> _entries = database.GetCollection<OperatorAuditEntry>(PipelineNames.AuditCollection);

    public static string NameOf(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "anonymous";

    public async Task RecordAsync(ClaimsPrincipal user, string action, string detail, string result, CancellationToken cancellationToken = default)
    {
        var entry = new OperatorAuditEntry { At = time.GetUtcNow().UtcDateTime, By = NameOf(user), Action = action, Detail = detail, Result = result };
        logger.LogInformation("Operator action {Action} by {By}: {Result}", action, entry.By, result);
        await _entries.InsertOneAsync(entry, cancellationToken: cancellationToken);
    }

    /// <summary>For failures: the action already failed, the audit write must not hide why.</summary>
    public async Task TryRecordAsync(ClaimsPrincipal user, string action, string detail, string result)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await RecordAsync(user, action, detail, result, cts.Token);
        }
        catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Audit entry for {Action} not written: {Error}", action, e.Message);
        }
    }

    public async Task<IReadOnlyList<OperatorAuditEntry>> LatestAsync(int count, CancellationToken cancellationToken = default) =>
        await _entries.Find(FilterDefinition<OperatorAuditEntry>.Empty).SortByDescending(e => e.At).Limit(count).ToListAsync(cancellationToken);
}
