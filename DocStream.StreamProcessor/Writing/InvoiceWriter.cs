using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Writing;

/// <summary>
/// Writes a micro-batch as one unordered bulk of <c>ReplaceOne</c> upserts keyed by <c>_id</c> (the document
/// id), so writing the same document twice changes nothing: at-least-once delivery becomes an
/// exactly-once effect. Unordered lets every good document through when one is refused.
/// </summary>
public sealed class InvoiceWriter(IMongoDatabase database)
{
    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false, BypassDocumentValidation = false };

    private readonly IMongoCollection<InvoiceLine> _invoices = database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection)
        .WithWriteConcern(WriteConcern.WMajority);

    public IMongoCollection<InvoiceLine> Collection => _invoices;

    /// <summary>
    /// Upserts <paramref name="lines"/>. Connection and server-wide failures throw (the caller retries the
    /// whole batch); per-document refusals come back in the outcome.
    /// </summary>
    public async Task<WriteOutcome> UpsertAsync(IReadOnlyList<InvoiceLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return new WriteOutcome(0, [], []);
        }
        var models = new WriteModel<InvoiceLine>[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            models[i] = new ReplaceOneModel<InvoiceLine>(Builders<InvoiceLine>.Filter.Eq(l => l.Id, lines[i].Id), lines[i]) { IsUpsert = true };
        }
        try
        {
            await _invoices.BulkWriteAsync(models, Unordered, cancellationToken);
            return new WriteOutcome(lines.Count, [], []);
        }
        catch (MongoBulkWriteException<InvoiceLine> e) when (e.WriteConcernError is null && e.WriteErrors.Count > 0)
        {
            var refused = new List<(int, string)>();
            var retry = new List<int>();
            foreach (var error in e.WriteErrors)
            {
                // A duplicate key on _id can only be a race between two writers of the same id: try again.
                if (error.Category == ServerErrorCategory.DuplicateKey)
                {
                    retry.Add(error.Index);
                }
                else
                {
                    refused.Add((error.Index, $"MongoDB refused the document (code {error.Code}): {error.Message}"));
                }
            }
            return new WriteOutcome(lines.Count - refused.Count - retry.Count, refused, retry);
        }
    }
}
