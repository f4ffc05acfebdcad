using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DocStream.StreamProcessor.Telemetry;

/// <summary>The processor's own instruments (meter and activity source <c>DocStream.Pipeline</c>).</summary>
public sealed class ProcessorMetrics
{
    public static readonly ActivitySource Source = new(Microsoft.Extensions.Hosting.Extensions.PipelineTelemetryName);

    private readonly Counter<long> _written;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _gaps;
    private readonly Counter<long> _writeFailures;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _writeDuration;

    public ProcessorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Microsoft.Extensions.Hosting.Extensions.PipelineTelemetryName);
        _written = meter.CreateCounter<long>("docstream.processor.documents.written", "{document}", "Documents upserted into MongoDB.");
        _deadLetters = meter.CreateCounter<long>("docstream.processor.dead_letters", "{message}", "Messages dead-lettered, by reason.");
        _gaps = meter.CreateCounter<long>("docstream.processor.offset_gaps", "{message}", "Messages lost from Kafka before they were consumed (offset gaps).");
        _writeFailures = meter.CreateCounter<long>("docstream.processor.write_failures", "{attempt}", "Bulk writes that failed and were retried.");
        _batchSize = meter.CreateHistogram<int>("docstream.processor.batch.size", "{message}", "Messages per micro-batch.");
        _writeDuration = meter.CreateHistogram<double>("docstream.processor.batch.write.duration", "ms", "Time of one bulk write to MongoDB.");
    }

    public void Written(long count) => _written.Add(count);
    public void DeadLettered(long count, string reason) => _deadLetters.Add(count, new KeyValuePair<string, object?>("reason", reason));
    public void Gap(long messages) => _gaps.Add(messages);
    public void WriteFailed() => _writeFailures.Add(1);
    public void Batch(int size, double writeMs)
    {
        _batchSize.Record(size);
        _writeDuration.Record(writeMs);
    }
}
