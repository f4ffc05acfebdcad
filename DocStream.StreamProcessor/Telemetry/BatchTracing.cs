using System.Diagnostics;
using System.Globalization;
using DocStream.Contracts;
using DocStream.ServiceDefaults.Kafka;
using DocStream.StreamProcessor.Consuming;

namespace DocStream.StreamProcessor.Telemetry;

/// <summary>
/// The span of one micro-batch. A batch from one request continues that request's trace; a batch from several starts
/// its own, linked to each (<see cref="MaxLinks"/> at most: a trace with thousands of links helps nobody).
/// </summary>
public static class BatchTracing
{
    public const int MaxLinks = 256;

    /// <summary>Starts the batch's span (null when nobody listens); it becomes <see cref="Activity.Current"/> like any started span.</summary>
    public static Activity? Start(IReadOnlyList<ConsumedDocument> batch)
    {
        var links = new List<ActivityLink>();
        var seen = new HashSet<ActivityTraceId>();
        foreach (var d in batch)
        {
            if (links.Count >= MaxLinks)
            {
                break;
            }
            if (d.Origin != default && seen.Add(d.Origin.TraceId))
            {
                links.Add(new ActivityLink(d.Origin));
            }
        }
        var parent = links.Count == 1 ? links[0].Context : default;
        var activity = KafkaTelemetry.Source.StartActivity(ActivityKind.Consumer, parent, links: links, name: $"process {batch.FirstOrDefault()?.Partition.Topic}");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.batch.message_count", batch.Count);
            if (batch.Count > 0)
            {
                activity.SetTag("messaging.destination.name", batch[0].Partition.Topic);
                activity.SetTag("messaging.kafka.offset", batch[0].Offset);
                activity.SetTag("messaging.destination.partition.id", batch[0].Partition.Partition.Value.ToString(CultureInfo.InvariantCulture));
            }
            activity.SetTag("db.system.name", "mongodb");
            activity.SetTag("db.collection.name", PipelineNames.InvoicesCollection);
        }
        return activity;
    }

    /// <summary>Ends the span of a committed batch with what it wrote.</summary>
    public static void Committed(Activity? activity, int written)
    {
        if (activity is not null)
        {
            activity.SetTag("docstream.documents.written", written);
            activity.Dispose();
        }
    }
}
