using Confluent.Kafka;
using DocStream.StreamProcessor.Status;
using DocStream.StreamProcessor.Telemetry;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// Commits a batch MongoDB acknowledged, then accounts for it (metrics, status, lag, its span). Only a stored batch
/// comes here, so a committed offset always means every earlier message of its partition is stored.
/// </summary>
public sealed class BatchCommitter(IConsumer<string?, byte[]> consumer, LagSampler lag, ProcessorMetrics metrics, ProcessorState state, ILogger logger)
{
    public void Commit(InFlightBatch batch, BatchOutcome outcome)
    {
        CommitOffsetsOf(batch.Messages);
        metrics.Written(outcome.Written);
        metrics.Batch(batch.Messages.Count, outcome.WriteMs);
        state.BatchWritten(outcome.Written, outcome.WriteMs);
        if (outcome.Letters > 0)
        {
            metrics.DeadLettered(outcome.Poison, "poison");
            state.DeadLettered(outcome.Poison);
            logger.LogWarning("Dead-lettered {Count} message(s) / gap(s) of this batch.", outcome.Letters);
        }
        BatchTracing.Committed(batch.Activity, outcome.Written);
    }

    private void CommitOffsetsOf(IReadOnlyList<ConsumedDocument> written)
    {
        if (written.Count == 0)
        {
            return;
        }
        lag.Written(written);
        try
        {
            consumer.Commit(CommitOffsets.After(written));
        }
        catch (KafkaException e)
        {
            // The documents are stored; a lost commit only means they are written again (no change) later.
            logger.LogWarning("Committing offsets failed ({Reason}); the batch will be replayed harmlessly.", e.Error.Reason);
        }
    }
}
