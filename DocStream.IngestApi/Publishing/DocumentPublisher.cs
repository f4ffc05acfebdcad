using System.Diagnostics;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.IngestApi.Telemetry;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Publishing;

/// <summary>
/// Hands validated documents to the one shared, idempotent producer (acks=all), keyed by InvoiceNo so an
/// invoice's lines stay in order on one partition, and waits for Kafka's acknowledgement. It never waits
/// longer than <see cref="IngestOptions.AcknowledgementTimeoutMs"/>: a document not acknowledged by then
/// is reported as failed so the client retries (ids are stable, so a late delivery stays harmless).
/// </summary>
public sealed class DocumentPublisher(IProducer<string, byte[]> producer, IOptions<IngestOptions> options, IngestMetrics metrics)
{
    private readonly string _topic = options.Value.Topic;
    private readonly TimeSpan _ackTimeout = TimeSpan.FromMilliseconds(options.Value.AcknowledgementTimeoutMs);

    /// <summary>Publishes <paramref name="lines"/>; the outcome at index i belongs to line i.</summary>
    public async Task<PublishOutcome[]> PublishAsync(IReadOnlyList<InvoiceLine> lines, CancellationToken cancellationToken)
    {
        var outcomes = new PublishOutcome[lines.Count];
        if (lines.Count == 0)
        {
            return outcomes;
        }

        // One send span per request: its context travels in every message, so the processor links back to it.
        using var activity = KafkaTelemetry.StartSend(_topic, lines.Count == 1 ? lines[0].InvoiceNo : null);
        activity?.SetTag("messaging.batch.message_count", lines.Count);
        var batch = new PendingBatch(lines.Count);
        var started = Stopwatch.GetTimestamp();
        metrics.InFlight(1);
        try
        {
            // The trace context is the same for every message of the request: encode it once.
            var traceContext = new Headers();
            KafkaTelemetry.Inject(activity, traceContext);
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var headers = new Headers { { PipelineNames.DocumentIdHeader, System.Text.Encoding.UTF8.GetBytes(line.Id) } };
                foreach (var header in traceContext)
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
                var message = new Message<string, byte[]> { Key = line.InvoiceNo, Value = InvoiceLineJson.Serialize(line), Headers = headers };
                var index = i;
                try
                {
                    producer.Produce(_topic, message, report => batch.Complete(index, report));
                }
                catch (ProduceException<string, byte[]> e)
                {
                    // Queue full or a local error: this and every later document fail now; earlier ones may still be acknowledged.
                    batch.FailRemaining(index, e.Error.Reason);
                    break;
                }
            }

            await batch.WaitAsync(_ackTimeout, cancellationToken);
            batch.CopyTo(outcomes);
            if (outcomes.Any(o => !o.Acknowledged))
            {
                activity?.SetStatus(ActivityStatusCode.Error, "Not every document was acknowledged.");
            }
            else if (lines.Count == 1)
            {
                KafkaTelemetry.Acknowledged(activity, new TopicPartitionOffset(_topic, outcomes[0].Partition, outcomes[0].Offset));
            }
            return outcomes;
        }
        finally
        {
            metrics.InFlight(-1);
            metrics.ProduceDuration(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Collects delivery reports, which arrive on librdkafka's thread.</summary>
    private sealed class PendingBatch(int count)
    {
        private readonly PublishOutcome[] _outcomes = Enumerable.Repeat(PublishOutcome.Pending, count).ToArray();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining = count;

        public void Complete(int index, DeliveryReport<string, byte[]> report)
        {
            var outcome = report.Error.IsError
                ? new PublishOutcome(false, report.Error.Reason, -1, -1)
                : new PublishOutcome(true, null, report.Partition.Value, report.Offset.Value);
            // A report may arrive after the request gave up waiting: lock so the copy never sees half a struct.
            lock (_outcomes)
            {
                _outcomes[index] = outcome;
            }
            Done();
        }

        public void FailRemaining(int fromIndex, string reason)
        {
            for (var i = fromIndex; i < _outcomes.Length; i++)
            {
                lock (_outcomes)
                {
                    _outcomes[i] = new PublishOutcome(false, $"Kafka producer refused the document: {reason}", -1, -1);
                }
                Done();
            }
        }

        private void Done()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }

        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await _done.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Reported per document below.
            }
        }

        public void CopyTo(PublishOutcome[] target)
        {
            lock (_outcomes)
            {
                Array.Copy(_outcomes, target, target.Length);
            }
        }
    }
}
