using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>
/// Turns librdkafka's statistics JSON (emitted every <c>statistics.interval.ms</c>) into OpenTelemetry
/// gauges, as Aspire.Confluent.Kafka does: producer queue depth and consumer lag per partition.
/// </summary>
public sealed class KafkaStatisticsMetrics
{
    private readonly ConcurrentDictionary<string, Snapshot> _latest = new();

    private sealed record Snapshot(string Client, string Type, long QueueMessages, long QueueBytes, long TxMessages, long RxMessages,
        IReadOnlyList<(string Topic, int Partition, long Lag)> Lags);

    public KafkaStatisticsMetrics()
    {
        var meter = KafkaTelemetry.Meter;
        meter.CreateObservableGauge("messaging.kafka.producer.queue.message_count",
            () => Observe("producer", s => s.QueueMessages), "{message}", "Messages waiting in the producer queue.");
        meter.CreateObservableGauge("messaging.kafka.producer.queue.size",
            () => Observe("producer", s => s.QueueBytes), "By", "Bytes waiting in the producer queue.");
        meter.CreateObservableCounter("messaging.kafka.producer.messages_sent",
            () => Observe("producer", s => s.TxMessages), "{message}", "Messages sent to brokers.");
        meter.CreateObservableCounter("messaging.kafka.consumer.messages_received",
            () => Observe("consumer", s => s.RxMessages), "{message}", "Messages received from brokers.");
        meter.CreateObservableGauge("messaging.kafka.consumer.lag",
            ObserveLag, "{message}", "Messages between the consumer's position and the end of each partition.");
    }

    /// <summary>Handler for <c>ProducerBuilder/ConsumerBuilder.SetStatisticsHandler</c>.</summary>
    public void Record(string statisticsJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(statisticsJson);
            var root = doc.RootElement;
            var client = root.GetProperty("name").GetString() ?? "kafka";
            var type = root.GetProperty("type").GetString() ?? "";
            var lags = new List<(string, int, long)>();
            if (type == "consumer" && root.TryGetProperty("topics", out var topics))
            {
                foreach (var topic in topics.EnumerateObject())
                {
                    foreach (var p in topic.Value.GetProperty("partitions").EnumerateObject())
                    {
                        var partition = p.Value.GetProperty("partition").GetInt32();
                        var lag = p.Value.GetProperty("consumer_lag").GetInt64();
                        if (partition >= 0 && lag >= 0)
                        {
                            lags.Add((topic.Name, partition, lag));
                        }
                    }
                }
            }
            _latest[client] = new Snapshot(client, type,
                root.GetProperty("msg_cnt").GetInt64(), root.GetProperty("msg_size").GetInt64(),
                root.GetProperty("txmsgs").GetInt64(), root.GetProperty("rxmsgs").GetInt64(), lags);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A statistics format we do not know must never hurt the client.
        }
    }

    private IEnumerable<Measurement<long>> Observe(string type, Func<Snapshot, long> value) =>
        _latest.Values.Where(s => s.Type == type)
            .Select(s => new Measurement<long>(value(s), new KeyValuePair<string, object?>("messaging.client.id", s.Client)));

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _latest.Values.Where(s => s.Type == "consumer").SelectMany(s => s.Lags.Select(l => new Measurement<long>(l.Lag,
            new KeyValuePair<string, object?>("messaging.client.id", s.Client),
            new KeyValuePair<string, object?>("messaging.destination.name", l.Topic),
            new KeyValuePair<string, object?>("messaging.destination.partition.id", l.Partition))));
}
