using System.Security.Claims;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Dashboard.Operations.Redrive;

/// <summary>The dead-letter console's operator actions. Every one is for operators only (checked here) and audited.</summary>
public interface IDeadLetterRedrive
{
    /// <summary>Says what <see cref="RedriveAsync"/> would do, producing nothing and marking nothing.</summary>
    Task<RedriveReport> DryRunAsync(ClaimsPrincipal user, RedriveSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Produces every valid selected dead letter again and marks each record with the result.</summary>
    Task<RedriveReport> RedriveAsync(ClaimsPrincipal user, RedriveSelection selection, CancellationToken cancellationToken = default);

    /// <summary>Produces an operator's correction of one dead letter, if it passes the ingest API's validation.</summary>
    Task<RedriveReport> RedriveEditedAsync(ClaimsPrincipal user, string deadLetterId, string editedJson, CancellationToken cancellationToken = default);
}

/// <summary>
/// Re-drives dead letters into the ingest topic. The operator check happens here, on the server, whatever the page
/// showed. Documents keep their id (or get one derived from the dead letter), so the processor's upsert by id makes
/// a second re-drive store nothing new.
/// </summary>
public sealed class DeadLetterRedriveService(
    IMongoDatabase database, IRedriveProducer producer, IAuthorizationService authorization, OperatorAudit audit,
    TimeProvider time, IOptions<RedriveOptions> options) : IDeadLetterRedrive
{
    public const string DryRunAction = "dry-run re-drive";
    public const string RedriveAction = "re-drive dead letters";
    public const string EditAction = "edit and re-drive dead letter";

    private readonly IMongoCollection<BsonDocument> _letters = database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);
    private readonly RedriveOptions _options = options.Value;

    public async Task<RedriveReport> DryRunAsync(ClaimsPrincipal user, RedriveSelection selection, CancellationToken cancellationToken = default)
    {
        await RequireOperatorAsync(user, DryRunAction, selection.Describe());
        return await AuditedAsync(user, DryRunAction, selection.Describe(), async () =>
        {
            var letters = await LoadAsync(selection, cancellationToken);
            return new RedriveReport(true, await JudgeAsync(selection, letters, null, cancellationToken)) { Truncated = IsTruncated(selection, letters) };
        });
    }

    public async Task<RedriveReport> RedriveAsync(ClaimsPrincipal user, RedriveSelection selection, CancellationToken cancellationToken = default)
    {
        await RequireOperatorAsync(user, RedriveAction, selection.Describe());
        return await AuditedAsync(user, RedriveAction, selection.Describe(), async () =>
        {
            var letters = await LoadAsync(selection, cancellationToken);
            var judged = await JudgeAsync(selection, letters, null, cancellationToken);
            return await ProduceAndMarkAsync(user, judged, cancellationToken) with { Truncated = IsTruncated(selection, letters) };
        });
    }

    public async Task<RedriveReport> RedriveEditedAsync(ClaimsPrincipal user, string deadLetterId, string editedJson, CancellationToken cancellationToken = default)
    {
        await RequireOperatorAsync(user, EditAction, deadLetterId);
        return await AuditedAsync(user, EditAction, deadLetterId, async () =>
        {
            var selection = RedriveSelection.One(deadLetterId);
            var letters = await LoadAsync(selection, cancellationToken);
            var judged = await JudgeAsync(selection, letters, editedJson, cancellationToken);
            return await ProduceAndMarkAsync(user, judged, cancellationToken);
        });
    }

    private async Task RequireOperatorAsync(ClaimsPrincipal user, string action, string detail)
    {
        if (!(await authorization.AuthorizeAsync(user, DashboardRoles.OperatorPolicy)).Succeeded)
        {
            await audit.TryRecordAsync(user, action, detail, "refused");
            throw new OperatorOnlyException(action);
        }
    }

    /// <summary>Runs an allowed action and records how it ended, failures included.</summary>
    private async Task<RedriveReport> AuditedAsync(ClaimsPrincipal user, string action, string detail, Func<Task<RedriveReport>> run)
    {
        RedriveReport report;
        try
        {
            report = await run();
        }
        catch (Exception e) when (e is MongoException or TimeoutException or OperationCanceledException)
        {
            await audit.TryRecordAsync(user, action, detail, $"failed: {e.Message}");
            throw;
        }
        await audit.TryRecordAsync(user, action, detail, $"done: {report.Summary()}");
        return report;
    }

    private async Task<Dictionary<string, DeadLetter>> LoadAsync(RedriveSelection selection, CancellationToken cancellationToken)
    {
        var query = selection.Filter is { } filter ? filter.ToMongo() : Builders<BsonDocument>.Filter.In("_id", selection.Ids);
        var docs = await _letters.Find(query).Sort(Builders<BsonDocument>.Sort.Ascending("receivedAt"))
            .Limit(selection.Filter is null ? selection.Ids.Count : _options.MaxBulk).ToListAsync(cancellationToken);
        return docs.Select(DeadLetterQueries.Parse).ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    private bool IsTruncated(RedriveSelection selection, Dictionary<string, DeadLetter> letters) =>
        selection.Filter is not null && letters.Count >= _options.MaxBulk;

    private async Task<List<RedriveOutcome>> JudgeAsync(RedriveSelection selection, Dictionary<string, DeadLetter> letters, string? editedJson,
        CancellationToken cancellationToken)
    {
        var lineage = await LineageAsync(letters.Values, cancellationToken);
        var ids = selection.Filter is null ? selection.Ids : letters.Keys.ToList();
        var outcomes = new List<RedriveOutcome>(ids.Count);
        foreach (var id in ids)
        {
            if (!letters.TryGetValue(id, out var letter))
            {
                outcomes.Add(new RedriveOutcome(id, RedriveOutcomeKind.NotFound));
                continue;
            }
            var generations = lineage[id];
            if (letter.IsGap)
            {
                outcomes.Add(new RedriveOutcome(id, RedriveOutcomeKind.Gap) { Lineage = generations });
                continue;
            }
            if (selection.IsBulk && generations >= _options.MaxRedrives)
            {
                outcomes.Add(new RedriveOutcome(id, RedriveOutcomeKind.HeldBack) { Lineage = generations });
                continue;
            }
            var errors = new Dictionary<string, string[]>();
            var line = RedriveDocumentReader.Read(letter, editedJson, errors);
            outcomes.Add(line is null
                ? new RedriveOutcome(id, RedriveOutcomeKind.Invalid) { Errors = errors, Lineage = generations }
                : new RedriveOutcome(id, RedriveOutcomeKind.Resent) { DocumentId = line.Id, Lineage = generations, Line = line });
        }
        return outcomes;
    }

    /// <summary>
    /// Re-drives that led to each dead letter: kept on a record once re-driven; otherwise one more than the record whose
    /// produced copy it is (its id is that copy's position), or 0 for a first failure.
    /// </summary>
    private async Task<Dictionary<string, int>> LineageAsync(IEnumerable<DeadLetter> letters, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var letter in letters)
        {
            if (letter.Redrive is { } mark)
            {
                result[letter.Id] = mark.Lineage;
            }
            else
            {
                result[letter.Id] = 0;
                unknown.Add(letter.Id);
            }
        }
        if (unknown.Count > 0)
        {
            var parents = await _letters.Find(Builders<BsonDocument>.Filter.In(DeadLetterRedriveFields.ProducedTo, unknown)).ToListAsync(cancellationToken);
            foreach (var parent in parents)
            {
                var mark = parent[DeadLetterRedriveFields.Field].AsBsonDocument;
                var parentLineage = mark.TryGetValue("lineage", out var l) && l.IsNumeric ? l.ToInt32() : 0;
                foreach (var child in mark["producedTo"].AsBsonArray.Select(v => v.AsString).Where(result.ContainsKey))
                {
                    result[child] = Math.Max(result[child], parentLineage + 1);
                }
            }
        }
        return result;
    }

    private async Task<RedriveReport> ProduceAndMarkAsync(ClaimsPrincipal user, List<RedriveOutcome> judged,
        CancellationToken cancellationToken)
    {
        var ready = judged.Select((o, i) => (Outcome: o, Index: i)).Where(x => x.Outcome.Kind == RedriveOutcomeKind.Resent).ToList();
        var deliveries = await producer.ProduceAsync(ready.Select(x => (x.Outcome.DeadLetterId, x.Outcome.Line!)).ToList(), cancellationToken);
        for (var k = 0; k < ready.Count; k++)
        {
            var d = deliveries[k];
            judged[ready[k].Index] = d.Acknowledged
                ? ready[k].Outcome with { Partition = d.Partition, Offset = d.Offset }
                : ready[k].Outcome with { Kind = RedriveOutcomeKind.Failed, Error = d.Error };
        }

        var by = OperatorAudit.NameOf(user);
        var at = time.GetUtcNow().UtcDateTime;
        var marks = judged.Where(o => o.Kind is RedriveOutcomeKind.Resent or RedriveOutcomeKind.Failed or RedriveOutcomeKind.Invalid)
            .Select(o => Mark(o, at, by)).ToList();
        if (marks.Count > 0)
        {
            // Not cancellable: what Kafka acknowledged must be recorded.
            await _letters.BulkWriteAsync(marks, new BulkWriteOptions { IsOrdered = false }, CancellationToken.None);
        }
        return new RedriveReport(false, judged);
    }

    private UpdateOneModel<BsonDocument> Mark(RedriveOutcome outcome, DateTime at, string by)
    {
        var u = Builders<BsonDocument>.Update;
        var updates = new List<UpdateDefinition<BsonDocument>>
        {
            u.Set(DeadLetterRedriveFields.LastAt, at),
            u.Set(DeadLetterRedriveFields.LastBy, by),
            u.Set(DeadLetterRedriveFields.Lineage, outcome.Lineage),
        };
        switch (outcome.Kind)
        {
            case RedriveOutcomeKind.Resent:
                updates.Add(u.Inc(DeadLetterRedriveFields.Count, 1));
                updates.Add(u.Set(DeadLetterRedriveFields.LastResult, "produced"));
                updates.Add(u.Set(DeadLetterRedriveFields.DocumentId, outcome.DocumentId));
                updates.Add(u.Set(DeadLetterRedriveFields.LastPartition, outcome.Partition!.Value));
                updates.Add(u.Set(DeadLetterRedriveFields.LastOffset, outcome.Offset!.Value));
                updates.Add(u.AddToSet(DeadLetterRedriveFields.ProducedTo,
                    DeadLetterRedriveFields.PositionId(_options.Topic, outcome.Partition.Value, outcome.Offset.Value)));
                break;
            case RedriveOutcomeKind.Failed:
                updates.Add(u.Set(DeadLetterRedriveFields.LastResult, $"failed: {outcome.Error}"));
                break;
            default:
                updates.Add(u.Set(DeadLetterRedriveFields.LastResult, $"invalid: {string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}"));
                break;
        }
        return new UpdateOneModel<BsonDocument>(Builders<BsonDocument>.Filter.Eq("_id", outcome.DeadLetterId), u.Combine(updates));
    }
}
