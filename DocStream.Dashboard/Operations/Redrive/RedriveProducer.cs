using System.Text;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Operations.Redrive;

/// <summary>Where Kafka put one re-driven document, or why it did not take it.</summary>
public sealed record RedriveDelivery(bool Acknowledged, string? Error, int Partition, long Offset);

/// <summary>Produces re-driven documents and answers once Kafka acknowledged (or refused) each.</summary>
public interface IRedriveProducer
{
    /// <summary>The delivery at index i belongs to document i.</summary>
    Task<IReadOnlyList<RedriveDelivery>> ProduceAsync(IReadOnlyList<(string DeadLetterId, InvoiceLine Line)> documents, CancellationToken cancellationToken);
}

/// <summary>
/// The ingest API's message, byte for byte: key InvoiceNo, the validated line as JSON, the document id header and
/// the trace context; plus the dead letter it came from. The producer is idempotent with acks=all.
/// </summary>
public sealed class KafkaRedriveProducer(IProducer<string, byte[]> producer, IOptions<RedriveOptions> options) : IRedriveProducer
{
    private readonly string _topic = options.Value.Topic;

    public async Task<IReadOnlyList<RedriveDelivery>> ProduceAsync(IReadOnlyList<(string DeadLetterId, InvoiceLine Line)> documents, CancellationToken cancellationToken)
    {
        using var activity = KafkaTelemetry.StartSend(_topic, documents.Count == 1 ? documents[0].Line.InvoiceNo : null);
        activity?.SetTag("messaging.batch.message_count", documents.Count);
        var traceContext = new Headers();
        KafkaTelemetry.Inject(activity, traceContext);
        var deliveries = documents.Select(d => DeliverAsync(d.DeadLetterId, d.Line, traceContext, cancellationToken)).ToList();
        return await Task.WhenAll(deliveries);
    }

    private async Task<RedriveDelivery> DeliverAsync(string deadLetterId, InvoiceLine line, Headers traceContext, CancellationToken cancellationToken)
    {
        var headers = new Headers
        {
            { PipelineNames.DocumentIdHeader, Encoding.UTF8.GetBytes(line.Id) },
            { DeadLetterRedriveFields.RedriveOfHeader, Encoding.UTF8.GetBytes(deadLetterId) },
        };
        foreach (var header in traceContext)
        {
            headers.Add(header.Key, header.GetValueBytes());
        }
        try
        {
            var report = await producer.ProduceAsync(_topic,
                new Message<string, byte[]> { Key = line.InvoiceNo, Value = InvoiceLineJson.Serialize(line), Headers = headers }, cancellationToken);
            return new RedriveDelivery(true, null, report.Partition.Value, report.Offset.Value);
        }
        catch (ProduceException<string, byte[]> e)
        {
            return new RedriveDelivery(false, e.Error.Reason, -1, -1);
        }
    }
}

/// <summary>Used when the dashboard has no Kafka connection: every re-drive fails, saying why; nothing else breaks.</summary>
public sealed class UnconfiguredRedriveProducer : IRedriveProducer
{
    public const string Reason = $"The dashboard has no Kafka connection (ConnectionStrings:{PipelineNames.Kafka}); re-drive needs one.";

    public Task<IReadOnlyList<RedriveDelivery>> ProduceAsync(IReadOnlyList<(string DeadLetterId, InvoiceLine Line)> documents, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RedriveDelivery>>(documents.Select(_ => new RedriveDelivery(false, Reason, -1, -1)).ToList());
}
