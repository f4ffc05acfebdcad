using System.Diagnostics.Metrics;

namespace DocStream.IngestApi.Telemetry;

/// <summary>The ingest API's own instruments (meter <c>DocStream.Pipeline</c>).</summary>
public sealed class IngestMetrics
{
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _produceDuration;
    private readonly UpDownCounter<long> _inFlight;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Microsoft.Extensions.Hosting.Extensions.PipelineTelemetryName);
        _accepted = meter.CreateCounter<long>("docstream.ingest.documents.accepted", "{document}",
            "Documents acknowledged by Kafka and confirmed to the client.");
        _rejected = meter.CreateCounter<long>("docstream.ingest.documents.rejected", "{document}",
            "Documents refused, by reason (validation, kafka_unavailable, ...).");
        _produceDuration = meter.CreateHistogram<double>("docstream.ingest.produce.duration", "ms",
            "Time from handing a request's documents to the producer to Kafka's acknowledgement.");
        _inFlight = meter.CreateUpDownCounter<long>("docstream.ingest.requests.in_flight", "{request}",
            "Requests waiting for Kafka's acknowledgement.");
    }

    public void Accepted(long count) => _accepted.Add(count);

    public void Rejected(long count, string reason) => _rejected.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void ProduceDuration(double milliseconds) => _produceDuration.Record(milliseconds);

    public void InFlight(long delta) => _inFlight.Add(delta);
}
