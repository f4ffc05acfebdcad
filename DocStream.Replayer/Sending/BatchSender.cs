using System.Diagnostics;
using System.Threading.Channels;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;

namespace DocStream.Replayer.Sending;

/// <summary>
/// Cuts the rows into batches, paces them (<see cref="Pacer"/>), and keeps up to <c>concurrency</c> requests in
/// flight. Batches are numbered in file order and confirmed to the <see cref="CheckpointTracker"/> as they finish,
/// so the checkpoint only moves past rows whose every predecessor has an answer. Unmappable rows and rejected
/// documents go to the rejects file. Without an <see cref="IngestClient"/> (dry run) batches are serialized, not sent.
/// </summary>
public sealed class BatchSender(
    IngestClient? client,
    int batchSize,
    int concurrency,
    Pacer pacer,
    ReplayStatistics statistics,
    RejectsFileWriter rejects,
    CheckpointTracker checkpoint)
{
    /// <summary>Why the replay was aborted, when <see cref="RunAsync"/> returned <see cref="SendOutcome.Aborted"/>.</summary>
    public string? AbortReason { get; private set; }

    public async Task<SendOutcome> RunAsync(IEnumerable<ReplayRow> rows, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<DocumentBatch>(new BoundedChannelOptions(concurrency)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var tasks = new List<Task> { Task.Run(() => Guard(ProduceAsync(rows, channel.Writer, stop.Token), stop), CancellationToken.None) };
        for (var i = 0; i < concurrency; i++)
        {
            tasks.Add(Task.Run(() => Guard(ConsumeAsync(channel.Reader, stop.Token), stop), CancellationToken.None));
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            // inspected below
        }

        var errors = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList();
        if (errors.OfType<ReplayAbortedException>().FirstOrDefault() is { } aborted)
        {
            AbortReason = aborted.Message;
            return SendOutcome.Aborted;
        }
        if (errors.FirstOrDefault(e => e is not OperationCanceledException) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
        return cancellationToken.IsCancellationRequested || tasks.Any(t => t.IsCanceled) ? SendOutcome.Cancelled : SendOutcome.Completed;
    }

    /// <summary>A failure anywhere stops everything else.</summary>
    private static async Task Guard(Task work, CancellationTokenSource stop)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ProduceAsync(IEnumerable<ReplayRow> rows, ChannelWriter<DocumentBatch> writer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var batch = new List<ReplayDocument>(batchSize);
        long sequence = 0;
        long lastConsumedRow = -1;
        var rowsSinceFlush = false;

        async Task FlushAsync()
        {
            await writer.WriteAsync(new DocumentBatch(sequence++, batch, lastConsumedRow), cancellationToken).ConfigureAwait(false);
            batch = new List<ReplayDocument>(batchSize);
            rowsSinceFlush = false;
        }

        try
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (row.Unmappable is { } unmappable)
                {
                    statistics.RowUnmappable();
                    rejects.Write(unmappable.RowNumber, null, "csv", unmappable.Reason, unmappable.CsvLine);
                }
                else if (row.Document is { } document)
                {
                    if (pacer.IsPaced)
                    {
                        var ahead = pacer.DueTime(document.Line.InvoiceDate) - clock.Elapsed;
                        if (ahead > Pacer.Window)
                        {
                            if (batch.Count > 0)
                            {
                                await FlushAsync().ConfigureAwait(false);
                            }
                            await Task.Delay(ahead, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    batch.Add(document);
                }
                lastConsumedRow = row.RowNumber;
                rowsSinceFlush = true;
                if (batch.Count >= batchSize)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }
            if (rowsSinceFlush)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task ConsumeAsync(ChannelReader<DocumentBatch> reader, CancellationToken cancellationToken)
    {
        using var dryRunBuffer = client is null ? new PooledBufferWriter() : null;
        await foreach (var batch in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (client is null)
            {
                dryRunBuffer!.Clear();
                if (batch.Documents.Count > 0)
                {
                    InvoiceJsonWriter.WriteArray(dryRunBuffer, batch.Documents);
                }
                statistics.AddSerializedBytes(dryRunBuffer.WrittenCount);
            }
            else
            {
                var delivery = await client.DeliverAsync(batch.Documents, cancellationToken).ConfigureAwait(false);
                statistics.AddAccepted(delivery.Accepted);
                statistics.AddRejected(delivery.Rejections.Count);
                foreach (var rejection in delivery.Rejections)
                {
                    var document = rejection.Document;
                    rejects.Write(document.RowNumber, document.Line.Id, rejection.Source, rejection.Reason, InvoiceJsonWriter.ToJson(document.Line));
                }
            }
            checkpoint.Finished(batch.Sequence, batch.LastRow);
        }
    }
}
