using Confluent.Kafka;
using DocStream.IngestApi.Admission;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Status;

/// <summary>
/// Reads the processor group's positions in the ingest topic with one admin client made once on the producer's
/// connection (not one per lookup).
/// </summary>
public sealed class ProcessorPositionReader(IProducer<string, byte[]> producer, IOptions<AdmissionOptions> admission, IOptions<IngestOptions> ingest)
    : IDisposable
{
    private static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(5);
    private readonly Lazy<IAdminClient> _admin = new(() => new DependentAdminClientBuilder(producer.Handle).Build());

    public Task<IReadOnlyList<PartitionPosition>> ReadAsync(CancellationToken cancellationToken) =>
        ConsumerGroupOffsets.ReadAsync(_admin.Value, admission.Value.ConsumerGroup, ingest.Value.Topic, KafkaTimeout);

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
