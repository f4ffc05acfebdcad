using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

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

    /// <summary>
    /// Writes the context of <paramref name="activity"/> (or the current one) and the current baggage into
    /// <paramref name="headers"/> with OpenTelemetry's propagator (W3C <c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>).
    /// </summary>
    public static void Inject(Activity? activity, Headers headers)
    {
        activity ??= Activity.Current;
        if (activity is null)
        {
            return;
        }
        Propagator.Inject(new PropagationContext(activity.Context, Baggage.Current), headers, SetHeader);
    }

    /// <summary>Reads the producer's trace context from <paramref name="headers"/> with OpenTelemetry's propagator.</summary>
    public static bool TryExtract(Headers? headers, out ActivityContext context)
    {
        context = headers is null ? default : Propagator.Extract(default, headers, GetHeader).ActivityContext;
        return context != default;
    }

    /// <summary>
    /// OpenTelemetry's process-wide propagator. It is a no-op until the SDK's static state is set up, which builds it
    /// as W3C trace context plus baggage; touching <see cref="Sdk"/> first makes that hold in every process (a
    /// console without a tracer provider, a unit test) and never replaces a propagator set through the SDK.
    /// </summary>
    private static TextMapPropagator Propagator
    {
        get
        {
            _ = Sdk.SuppressInstrumentation;
            return Propagators.DefaultTextMapPropagator;
        }
    }

    private static void SetHeader(Headers headers, string key, string value)
    {
        headers.Remove(key);
        headers.Add(key, Encoding.UTF8.GetBytes(value));
    }

    private static IEnumerable<string> GetHeader(Headers headers, string key) =>
        headers.TryGetLastBytes(key, out var value) ? [Encoding.UTF8.GetString(value)] : [];

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
