using System.Diagnostics;

namespace DocStream.Dashboard.Telemetry;

/// <summary>
/// A page's load as one named span (<c>dashboard page /invoices/{No}</c>) around its MongoDB queries. An interactive
/// page runs on its circuit with no request span above it, so without this its queries would be roots of their own,
/// which the plumbing filter drops like status polls; under a page span they are kept and show up in the trace list.
/// Timer refreshes of an open page are status polling and stay untraced.
/// </summary>
public static class PageSpans
{
    public const string Prefix = "dashboard page ";

    /// <summary>The route template's tag: which page it was, without the customer or invoice in it.</summary>
    public const string RouteTag = "docstream.dashboard.route";

    /// <summary>Wraps <paramref name="query"/> so each run is a page span for <paramref name="route"/> (a route template).</summary>
    /// <remarks>Async, so the span it makes current stays inside this call: the caller's current span is untouched.</remarks>
    public static Func<CancellationToken, Task<T>> Traced<T>(string route, Func<CancellationToken, Task<T>> query) =>
        async token =>
        {
            using var span = Start(route);
            return await query(token);
        };

    /// <summary>
    /// Starts the page span for <paramref name="route"/> as the root of a trace of its own (null when nobody listens):
    /// whatever span the circuit's connection left current, a page load is what a user looks for in the trace list.
    /// Call it from an async method, so the current span it sets ends with that method.
    /// </summary>
    public static Activity? Start(string route)
    {
        Activity.Current = null;
        return DashboardTelemetry.Source.StartActivity(Prefix + route, ActivityKind.Internal)?.SetTag(RouteTag, route);
    }
}
