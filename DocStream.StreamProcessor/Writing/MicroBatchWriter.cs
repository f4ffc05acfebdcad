using System.Diagnostics;
using DocStream.Contracts;
using DocStream.StreamProcessor.Consuming;
using DocStream.StreamProcessor.Storage;

namespace DocStream.StreamProcessor.Writing;

/// <summary>
/// One attempt at storing a micro-batch: the latest version of each document upserted with its provenance
/// (<c>_meta</c>), then the dead letters (the batch's own and the documents MongoDB refused for good). Throws when
/// MongoDB or Kafka is unavailable; the caller retries the whole attempt, which changes nothing already stored.
/// </summary>
public sealed class MicroBatchWriter(InvoiceWriter invoices, DeadLetterSink deadLetters)
{
    public async Task<BatchOutcome> WriteAsync(BatchContent batch, CancellationToken cancellationToken)
    {
        var latest = batch.Latest.Documents;
        var lines = new StoredLine[latest.Count];
        var origins = new ActivityContext[latest.Count];
        var storedAt = DateTime.UtcNow;
        for (var i = 0; i < latest.Count; i++)
        {
            // Encoded when consumed, with where it came from ("where is my document?" answered from the store alone);
            // only the time of this attempt is still to be set.
            lines[i] = latest[i].Stored!;
            lines[i].Stamp(storedAt);
            origins[i] = latest[i].Origin;
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = await invoices.UpsertAsync(lines, origins, cancellationToken);
        var writeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var letters = batch.Letters;
        if (outcome.Refused.Count > 0)
        {
            letters = [.. letters, .. outcome.Refused.Select(r => new PendingLetter(DeadLetterSink.Poison(latest[r.Index].Message, r.Reason), latest[r.Index].Message.Message))];
        }
        await deadLetters.WriteAsync(letters, cancellationToken);
        var poison = letters.Count(l => l.Letter.Kind == DeadLetterDocument.PoisonKind);
        return new BatchOutcome(outcome.Written, poison, letters.Count, writeMs);
    }
}
