using System.Diagnostics;
using MongoDB.Driver;
using OpenTelemetry;

namespace DocStream.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps the plumbing out of the exported traces: a span that starts a trace of its own (no parent, local or remote)
/// and is a MongoDB command (a health check's ping, a status poll, a background loop's read or write) or an HTTP call
/// to a health endpoint is marked not recorded when it starts, so no exporter sends it and its children, sampled
/// from their parent, are not recorded either. A document's spans all descend from its HTTP request or Kafka
/// message, so they are never roots of this kind and stay as they were. Named background work that matters (the
/// dashboard's analytics recomputation) opens its own root span first, and its MongoDB commands are then kept.
/// </summary>
public sealed class PlumbingSpanFilter : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (IsRoot(data) && data.Source.Name == MongoTelemetry.ActivitySourceName)
        {
            Unrecord(data);
        }
    }

    // An HTTP client span gets its URL tag after it starts: judged when it ends, before the exporters (added after this
    // processor) see it. It has no children to spare.
    public override void OnEnd(Activity data)
    {
        if (IsRoot(data) && data.Kind == ActivityKind.Client && IsHealthUrl(data.GetTagItem("url.full") as string))
        {
            Unrecord(data);
        }
    }

    private static bool IsRoot(Activity span) => span.Parent is null && span.ParentSpanId == default;

    private static void Unrecord(Activity span)
    {
        span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        span.IsAllDataRequested = false;
    }

    private static bool IsHealthUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.AbsolutePath.Equals(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
            || uri.AbsolutePath.Equals(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase));
}
