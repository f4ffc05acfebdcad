using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>
/// Kafka spans following OpenTelemetry's messaging conventions, with W3C trace context carried in
/// message headers so one trace spans producer and consumer.
/// </summary>
public static class KafkaTelemetry
{
    public const string Name = "DocStream.Kafka";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    private const string TraceParentHeader = "traceparent";
    private const string TraceStateHeader = "tracestate";

    /// <summary>Starts a <c>send</c> span for <paramref name="topic"/>; null when nobody listens.</summary>
    public static Activity? StartSend(string topic, string? key)
    {
        var activity = Source.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", topic);
            if (key is not null)
            {
                activity.SetTag("messaging.kafka.message.key", key);
            }
        }
        return activity;
    }

    /// <summary>Writes the context of <paramref name="activity"/> (or the current one) into <paramref name="headers"/>.</summary>
    public static void Inject(Activity? activity, Headers headers)
    {
        activity ??= Activity.Current;
        if (activity is null)
        {
            return;
        }
        headers.Remove(TraceParentHeader);
        headers.Add(TraceParentHeader, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Remove(TraceStateHeader);
            headers.Add(TraceStateHeader, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }

    /// <summary>Reads the producer's context from <paramref name="headers"/>.</summary>
    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = default;
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var parent))
        {
            return false;
        }
        string? state = headers.TryGetLastBytes(TraceStateHeader, out var s) ? Encoding.ASCII.GetString(s) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out context);
    }

    /// <summary>Marks <paramref name="activity"/> as acknowledged at <paramref name="offset"/>.</summary>
    public static void Acknowledged(Activity? activity, TopicPartitionOffset offset)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.destination.partition.id", offset.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", offset.Offset.Value);
        }
    }

    /// <summary>Marks <paramref name="activity"/> as failed.</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().Name);
        }
    }
}
