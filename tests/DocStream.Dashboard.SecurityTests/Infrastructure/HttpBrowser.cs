using System.Net;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// Just enough of a browser for sign-in flows: one cookie jar for every host (cookies ignore ports, so apps on
/// 127.0.0.1 see each other's, as in a browser), redirects followed here rather than by HttpClient so each hop
/// is seen, and auto-posting forms (response_mode=form_post) submitted as a browser's script would. Every
/// request has a timeout, and a navigation a bounded number of steps.
/// </summary>
public sealed class HttpBrowser : IDisposable
{
    private const int MaxSteps = 20;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;

    public HttpBrowser()
    {
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
        {
            Timeout = RequestTimeout,
        };
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The names of the cookies the jar would send to <paramref name="url"/>.</summary>
    public IReadOnlyList<string> CookieNames(Uri url) => Cookies.GetCookies(url).Select(cookie => cookie.Name).ToList();

    /// <summary>Opens <paramref name="url"/> and follows redirects and auto-posting forms to the page they end at.</summary>
    public Task<BrowserPage> GetAsync(Uri url, CancellationToken cancellationToken = default) =>
        NavigateAsync(HttpMethod.Get, url, null, cancellationToken);

    /// <summary>Submits a form (as its submit button would) and follows where it leads.</summary>
    public Task<BrowserPage> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default) =>
        NavigateAsync(HttpMethod.Post, url, fields, cancellationToken);

    private async Task<BrowserPage> NavigateAsync(HttpMethod method, Uri url, IReadOnlyList<KeyValuePair<string, string>>? form,
        CancellationToken cancellationToken)
    {
        var visited = new List<Uri>();

        while (visited.Count < MaxSteps)
        {
            visited.Add(url);
            using var request = new HttpRequestMessage(method, url);
            // A browser's navigation: apps tell it from script and API calls by this (the dashboard does).
            request.Headers.Accept.ParseAdd("text/html");
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);

            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                url = new Uri(url, location);
                // 307/308 repeat the request as it was; the other redirects turn it into a GET.
                if (response.StatusCode is not (HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect))
                {
                    (method, form) = (HttpMethod.Get, null);
                }
            }
            else if (AutoPostForm.TryParse(body, url, out var autoPost))
            {
                (method, url, form) = (HttpMethod.Post, autoPost.Action, autoPost.Fields);
            }
            else
            {
                return new BrowserPage(response, body, visited);
            }

            response.Dispose();
        }

        throw new InvalidOperationException($"No page after {MaxSteps} steps: {string.Join(" -> ", visited)}");
    }

    public void Dispose() => _http.Dispose();

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400 and not 304;
}
