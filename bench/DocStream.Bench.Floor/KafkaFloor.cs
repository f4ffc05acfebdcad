using System.Diagnostics;
using Confluent.Kafka;
using DocStream.Contracts;

namespace DocStream.Bench.Floor;

/// <summary>Every row to the ingest topic as-is, from one producer with the API's guarantees (acks=all, idempotent) and batching.</summary>
internal static class KafkaFloor
{
    public static double Run(string bootstrap, IReadOnlyList<RawRows.Row> rows)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = true,
            // zstd as the API: the emulator keeps ~5 MiB per partition, which the raw rows of scale 2 would pass.
            CompressionType = CompressionType.Zstd,
            LingerMs = 20,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 1_000_000,
        }).Build();
        long failed = 0;
        void Delivered(DeliveryReport<Null, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
        }
        var clock = Stopwatch.StartNew();
        foreach (var row in rows)
        {
            while (true)
            {
                try
                {
                    producer.Produce(PipelineNames.IngestTopic, new Message<Null, byte[]> { Value = row.Bytes }, Delivered);
                    break;
                }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        if (producer.Flush(TimeSpan.FromMinutes(5)) != 0)
        {
            throw new InvalidOperationException("Kafka did not acknowledge every row within 5 minutes.");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return failed == 0 ? seconds : throw new InvalidOperationException($"{failed} rows were not acknowledged by Kafka.");
    }
}
