using System.Diagnostics;

namespace DocStream.Dashboard.Telemetry;

/// <summary>The dashboard's own spans. The source has the application's name, which the service defaults already trace.</summary>
public static class DashboardTelemetry
{
    public const string SourceName = "DocStream.Dashboard";

    /// <summary>The root span of one analytics recomputation (a background timer's, so it has no parent); its MongoDB aggregations are its children.</summary>
    public const string AnalyticsRecomputeSpan = "dashboard analytics recompute";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartAnalyticsRecompute() => Source.StartActivity(AnalyticsRecomputeSpan, ActivityKind.Internal);
}
