using System.Net;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>Where an <see cref="HttpBrowser"/> navigation ended: the last response, its body, and every URL on the way.</summary>
public sealed record BrowserPage(HttpResponseMessage Response, string Body, IReadOnlyList<Uri> Visited)
{
    public Uri Url => Visited[^1];

    public HttpStatusCode StatusCode => Response.StatusCode;

    /// <summary>Whether a visited URL starts with <paramref name="prefix"/> (its query ignored), e.g. an endpoint.</summary>
    public bool WentThrough(Uri prefix) =>
        Visited.Any(url => url.GetLeftPart(UriPartial.Path).StartsWith(prefix.GetLeftPart(UriPartial.Path), StringComparison.Ordinal));
}
