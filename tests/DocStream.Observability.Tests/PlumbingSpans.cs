using System.Diagnostics;
using MongoDB.Driver;

namespace DocStream.Observability.Tests;

/// <summary>What the trace list must not show: the tests' own definition, independent of the filter under test.</summary>
internal static class PlumbingSpans
{
    /// <summary>
    /// A health endpoint's request, a MongoDB handshake or ping, or any trace that a MongoDB command starts by itself
    /// (a poll or a background write: a document's commands always sit under its request or message).
    /// </summary>
    public static bool IsPlumbing(Activity span)
    {
        var path = span.GetTagItem("url.path") as string ?? (span.GetTagItem("url.full") is string full && Uri.TryCreate(full, UriKind.Absolute, out var u) ? u.AbsolutePath : null);
        if (path is "/health" or "/alive")
        {
            return true;
        }
        if (span.Source.Name != MongoTelemetry.ActivitySourceName)
        {
            return false;
        }
        var text = $"{span.DisplayName} {span.GetTagItem("db.operation.name")} {span.GetTagItem("db.namespace")}";
        if (new[] { "ping", "hello", "isMaster", "ismaster", "buildInfo", "admin" }.Any(word => text.Contains(word, StringComparison.Ordinal)))
        {
            return true;
        }
        return Root(span).Source.Name == MongoTelemetry.ActivitySourceName;
    }

    public static Activity Root(Activity span)
    {
        var root = span;
        while (root.Parent is { } parent)
        {
            root = parent;
        }
        return root;
    }

    public static string Describe(Activity span) => $"{span.Source.Name} '{span.DisplayName}' (root '{Root(span).DisplayName}')";
}
