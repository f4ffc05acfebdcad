using System.Diagnostics.Metrics;
using DocStream.ServiceDefaults.Kafka;
using Xunit;

namespace DocStream.Observability.Tests;

public sealed class KafkaStatisticsMetricsTests
{
    [Fact]
    public void Consumer_lag_is_reported_per_partition_as_librdkafka_counts_it_and_unknown_partitions_are_left_out()
    {
        var metrics = new KafkaStatisticsMetrics();
        metrics.Record("""
            {"name":"lag-unit-test","type":"consumer","msg_cnt":0,"msg_size":0,"txmsgs":0,"rxmsgs":12,
             "topics":{"ingestion-topic":{"partitions":{
               "0":{"partition":0,"consumer_lag":7},
               "1":{"partition":1,"consumer_lag":0},
               "-1":{"partition":-1,"consumer_lag":-1}}}}}
            """);

        var observed = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == KafkaTelemetry.Name && instrument.Name == "messaging.kafka.consumer.lag")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(k => k.Key, k => k.Value?.ToString());
            if (t["messaging.client.id"] == "lag-unit-test")
            {
                observed[$"{t["messaging.destination.name"]}/{t["messaging.destination.partition.id"]}"] = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(new Dictionary<string, long> { ["ingestion-topic/0"] = 7, ["ingestion-topic/1"] = 0 }, observed);
    }
}
