using System.Diagnostics;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;
using DocStream.StreamProcessor.Storage;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Writing;

/// <summary>
/// Writes a micro-batch as one unordered bulk of <c>ReplaceOne</c> upserts keyed by <c>_id</c> (the document
/// id), so writing the same document twice changes nothing: at-least-once delivery becomes an
/// exactly-once effect. Unordered lets every good document through when one is refused.
/// </summary>
public sealed class InvoiceWriter(IMongoDatabase database, IOptions<ProcessorOptions> options)
{
    /// <summary>Smallest slice worth its own round trip when the batch is cut for parallel writes.</summary>
    private const int MinSliceSize = 250;

    /// <summary>
    /// Smallest part of one producing request that gets a bulk (and a span in that request's trace) of its own. A
    /// request's messages can be split across two micro-batches (fetch and time bounds do not know about requests);
    /// at 100, any request of 200 or more keeps at least one part this big, so its trace still reaches a write.
    /// </summary>
    private const int MinRequestSliceSize = 100;

    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false, BypassDocumentValidation = false };

    /// <summary>The collection as the documents are written: encoded beforehand (<see cref="StoredLine"/>), sent as they are.</summary>
    private readonly IMongoCollection<RawBsonDocument> _invoices = database.GetCollection<RawBsonDocument>(PipelineNames.InvoicesCollection)
        .WithWriteConcern(WriteConcern.WMajority);

    /// <summary>The collection typed by its contract, for its indexes.</summary>
    public IMongoCollection<InvoiceLine> Collection { get; } = database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);

    /// <summary>Upserts lines given as objects (each with its own <c>Meta</c>, if any); see the overload for encoded lines.</summary>
    public Task<WriteOutcome> UpsertAsync(IReadOnlyList<InvoiceLine> lines, IReadOnlyList<ActivityContext>? origins,
        CancellationToken cancellationToken) =>
        UpsertAsync([.. lines.Select(StoredLineEncoder.EncodeWithOwnMeta)], origins, cancellationToken);

    /// <summary>
    /// Upserts <paramref name="lines"/>, trying duplicate-key refusals again (<see cref="DuplicateKeyRetry"/>).
    /// Connection and server-wide failures throw (the caller retries the whole batch); per-document refusals come
    /// back in the outcome (indices into <paramref name="lines"/>), with nothing left to retry.
    /// </summary>
    /// <param name="origins">The producing request's trace context of each line, when known.</param>
    public async Task<WriteOutcome> UpsertAsync(IReadOnlyList<StoredLine> lines, IReadOnlyList<ActivityContext>? origins,
        CancellationToken cancellationToken)
    {
        var first = await UpsertOnceAsync(lines, origins, cancellationToken);
        return await DuplicateKeyRetry.ResolveAsync(lines, first, (retry, token) => UpsertOnceAsync(retry, null, token),
            options.Value.DuplicateKeyAttempts, cancellationToken);
    }

    private async Task<WriteOutcome> UpsertOnceAsync(IReadOnlyList<StoredLine> lines, IReadOnlyList<ActivityContext>? origins,
        CancellationToken cancellationToken)
    {
        // Large batches go out as a few concurrent bulk writes: a write's latency is mostly the server's journal
        // flush, which concurrent commands share (measured on the MongoDB emulator: 2 writers ~2.5x one). The ids
        // of a batch are distinct (deduplicated before), so the slices never race on a document; the caller
        // commits only after every slice was acknowledged.
        var slices = PlanSlices(lines.Count, origins);
        if (slices.Count == 1)
        {
            return await UpsertSliceAsync(lines, slices[0], cancellationToken);
        }
        using var gate = new SemaphoreSlim(options.Value.WriteParallelism);
        var outcomes = await Task.WhenAll(slices.Select(async slice =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await UpsertSliceAsync(lines, slice, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return new WriteOutcome(outcomes.Sum(o => o.Written), [.. outcomes.SelectMany(o => o.Refused)], [.. outcomes.SelectMany(o => o.RetryLater)]);
    }

    /// <summary>A bulk write: which lines, and the request whose trace it continues (default: the batch's own).</summary>
    private sealed record Slice(int[] Indexes, ActivityContext Origin);

    /// <summary>
    /// Cuts the batch into bulk writes. The lines of one large producing request (a replayer batch) get a bulk of
    /// their own, written in that request's trace, so one document's trace runs from the HTTP request to its
    /// MongoDB write; the rest is cut by count and written under the batch span, which links to every request.
    /// </summary>
    private List<Slice> PlanSlices(int count, IReadOnlyList<ActivityContext>? origins)
    {
        var slices = new List<Slice>();
        var rest = new List<int>(count);
        if (origins is not null)
        {
            var groups = new Dictionary<ActivityTraceId, List<int>>();
            for (var i = 0; i < count; i++)
            {
                if (origins[i] == default)
                {
                    rest.Add(i);
                    continue;
                }
                if (!groups.TryGetValue(origins[i].TraceId, out var group))
                {
                    groups[origins[i].TraceId] = group = [];
                }
                group.Add(i);
            }
            foreach (var group in groups.Values)
            {
                // One request alone in the batch is already the batch span's parent.
                if (group.Count >= MinRequestSliceSize && groups.Count > 1)
                {
                    slices.Add(new Slice([.. group], origins[group[0]]));
                }
                else
                {
                    rest.AddRange(group);
                }
            }
            rest.Sort();
        }
        else
        {
            rest.AddRange(Enumerable.Range(0, count));
        }

        var parts = Math.Clamp(rest.Count / MinSliceSize, 1, options.Value.WriteParallelism);
        var size = Math.Max(1, (rest.Count + parts - 1) / parts);
        for (var start = 0; start < rest.Count; start += size)
        {
            slices.Add(new Slice([.. rest.GetRange(start, Math.Min(size, rest.Count - start))], default));
        }
        if (slices.Count == 0)
        {
            slices.Add(new Slice([], default));
        }
        return slices;
    }

    /// <summary>One unordered bulk for the slice's lines; indices in the outcome are indices into <paramref name="lines"/>.</summary>
    private async Task<WriteOutcome> UpsertSliceAsync(IReadOnlyList<StoredLine> lines, Slice slice, CancellationToken cancellationToken)
    {
        var count = slice.Indexes.Length;
        if (count == 0)
        {
            return new WriteOutcome(0, [], []);
        }
        var models = new WriteModel<RawBsonDocument>[count];
        for (var i = 0; i < count; i++)
        {
            var line = lines[slice.Indexes[i]];
            // A plain BSON filter: rendering a LINQ expression per document costs more than the write itself.
            models[i] = new ReplaceOneModel<RawBsonDocument>(new BsonDocumentFilterDefinition<RawBsonDocument>(new BsonDocument("_id", line.Id)),
                line.ToDocument()) { IsUpsert = true };
        }
        using var activity = slice.Origin == default ? null : StartRequestWriteActivity(slice.Origin, count);
        try
        {
            await _invoices.BulkWriteAsync(models, Unordered, cancellationToken);
            return new WriteOutcome(count, [], []);
        }
        catch (MongoBulkWriteException<RawBsonDocument> e) when (e.WriteConcernError is null && e.WriteErrors.Count > 0)
        {
            var refused = new List<RefusedLine>();
            var retry = new List<int>();
            foreach (var error in e.WriteErrors)
            {
                // A duplicate key on _id can only be a race between two writers of the same id: try again.
                if (error.Category == ServerErrorCategory.DuplicateKey)
                {
                    retry.Add(slice.Indexes[error.Index]);
                }
                else
                {
                    refused.Add(new RefusedLine(slice.Indexes[error.Index], $"MongoDB refused the document (code {error.Code}): {error.Message}"));
                }
            }
            return new WriteOutcome(count - refused.Count - retry.Count, refused, retry);
        }
    }

    /// <summary>The processing of one request's documents, in that request's trace, linked to the batch span.</summary>
    private static Activity? StartRequestWriteActivity(ActivityContext origin, int count)
    {
        ActivityLink[] links = Activity.Current is { } batch ? [new ActivityLink(batch.Context)] : [];
        var activity = KafkaTelemetry.Source.StartActivity(ActivityKind.Consumer, origin, links: links, name: $"process {PipelineNames.IngestTopic}");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.batch.message_count", count);
            activity.SetTag("db.system.name", "mongodb");
            activity.SetTag("db.collection.name", PipelineNames.InvoicesCollection);
        }
        return activity;
    }
}
