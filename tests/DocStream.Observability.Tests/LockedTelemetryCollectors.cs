using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace DocStream.Observability.Tests;

/// <summary>
/// Collects ended spans into a list, locking the list itself, so tests that read it under <c>lock (list)</c>
/// never see it change mid-enumeration. (The SDK's in-memory exporter adds without that lock; spans end on
/// many threads at once while a test reads.)
/// </summary>
internal sealed class LockedSpanCollector(List<Activity> spans) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        lock (spans)
        {
            spans.Add(data);
        }
    }
}

/// <summary>A span exporter into a list (locked like <see cref="LockedSpanCollector"/>), behind an export processor, which hands it recorded spans only.</summary>
internal sealed class LockedSpanExporter(List<Activity> spans) : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (spans)
        {
            foreach (var span in batch)
            {
                spans.Add(span);
            }
        }
        return ExportResult.Success;
    }
}

/// <summary>Metric exporter counterpart of <see cref="LockedSpanCollector"/>: exports land under <c>lock (list)</c>.</summary>
internal sealed class LockedMetricCollector(List<Metric> metrics) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        lock (metrics)
        {
            foreach (var metric in batch)
            {
                metrics.Add(metric);
            }
        }
        return ExportResult.Success;
    }
}
