using System.Diagnostics;
using Confluent.Kafka;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// Fills the batch from the consumer: decodes each message (<see cref="MessageDecoder"/>) and notes offset gaps
/// (<see cref="GapReporter"/>). A batch closes at its size bound, or at its time bound once no write is in flight (while
/// one is, more messages can join for free). Runs on the consumer thread; rebalance handlers run inside its polls.
/// </summary>
public sealed class BatchCollector(
    IConsumer<string?, byte[]> consumer,
    InFlightWrites inFlight,
    GapReporter gaps,
    ProcessorOptions options,
    ILogger logger)
{
    private readonly TimeSpan _maxWait = TimeSpan.FromMilliseconds(options.MaxBatchWaitMs);

    /// <summary>Polls into <paramref name="batch"/> until it is full or its time is up; returns early when idle or when stopping.</summary>
    public void Collect(CollectedBatch batch, CancellationToken stoppingToken)
    {
        // A batch carried over from the previous turn has had its time already.
        long? firstAt = batch.Count > 0 ? Stopwatch.GetTimestamp() - (long)(_maxWait.TotalSeconds * Stopwatch.Frequency) : null;
        var expired = false;
        while (!batch.IsFull && !stoppingToken.IsCancellationRequested)
        {
            var writing = inFlight.OldestRunning;
            TimeSpan wait;
            if (firstAt is null)
            {
                // Idle: wait for the first message of a batch (briefly while a write may need its commit).
                wait = TimeSpan.FromMilliseconds(inFlight.Count == 0 ? 500 : 5);
            }
            else
            {
                wait = _maxWait - Stopwatch.GetElapsedTime(firstAt.Value);
                if (wait <= TimeSpan.Zero)
                {
                    // The time bound stops the waiting, not the taking: what is already fetched joins the batch
                    // (up to its size), so one producer request's messages are not cut across two batches.
                    expired = !writing;
                    wait = writing ? TimeSpan.FromMilliseconds(5) : TimeSpan.Zero;
                }
            }

            if (Poll(wait) is not { } document)
            {
                if (expired || (firstAt is null && !writing))
                {
                    return; // time is up, or idle: let the caller commit and report lag, then poll again
                }
                continue;
            }
            firstAt ??= Stopwatch.GetTimestamp();
            if (gaps.Observe(document) is { } gap)
            {
                batch.AddGap(gap);
            }
            batch.Add(document);
        }
    }

    /// <summary>The next message, decoded (or refused with its reason); null when none came within <paramref name="wait"/>.</summary>
    private ConsumedDocument? Poll(TimeSpan wait)
    {
        try
        {
            var result = consumer.Consume(wait);
            return result is null || result.IsPartitionEOF ? null : MessageDecoder.Decode(result);
        }
        catch (ConsumeException e)
        {
            logger.LogError("Consume failed: {Reason}", e.Error.Reason);
            return MessageDecoder.Unreadable(e);
        }
    }
}
