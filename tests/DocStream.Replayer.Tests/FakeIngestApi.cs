using System.Net;
using System.Text;
using System.Text.Json;

namespace DocStream.Replayer.Tests;

/// <summary>
/// Stands in for the ingest API inside HttpClient (no network). Each request's documents are recorded; the
/// answer comes from <see cref="Respond"/>, by default 200 with every document accepted.
/// </summary>
internal sealed class FakeIngestApi : HttpMessageHandler
{
    private readonly Lock _lock = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>(request number from 1, recorded request) -> response.</summary>
    public Func<int, RecordedRequest, HttpResponseMessage> Respond { get; set; } = (_, request) => AcceptAll(request);

    /// <summary>Called before answering (e.g. to cancel the replay mid-way).</summary>
    public Action<int>? OnRequest { get; set; }

    public HttpClient Client() => new(this) { Timeout = TimeSpan.FromSeconds(30) };

    public sealed record RecordedRequest(string Path, string? ApiKey, string? ContentType, IReadOnlyList<JsonElement> Documents)
    {
        public IEnumerable<string> Ids => Documents.Select(d => d.GetProperty("Id").GetString()!);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        using var json = JsonDocument.Parse(body);
        var documents = json.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        var recorded = new RecordedRequest(
            request.RequestUri!.AbsolutePath,
            request.Headers.TryGetValues("X-Api-Key", out var keys) ? keys.Single() : null,
            request.Content.Headers.ContentType?.MediaType,
            documents);
        int number;
        lock (_lock)
        {
            Requests.Add(recorded);
            number = Requests.Count;
        }
        OnRequest?.Invoke(number);
        cancellationToken.ThrowIfCancellationRequested();
        return Respond(number, recorded);
    }

    public static HttpResponseMessage AcceptAll(RecordedRequest request) =>
        Results(HttpStatusCode.OK, request, _ => "accepted");

    /// <summary>A batch-result body with the status <paramref name="statusOf"/> gives each document (by index).</summary>
    public static HttpResponseMessage Results(HttpStatusCode code, RecordedRequest request, Func<int, string> statusOf, TimeSpan? retryAfter = null)
    {
        var results = request.Documents.Select((d, i) =>
        {
            var status = statusOf(i);
            return status == "rejected"
                ? (object)new { index = i, id = d.GetProperty("Id").GetString(), status, errors = new Dictionary<string, string[]> { ["InvoiceDate"] = ["'13/45/2010 8:26' is not a valid date."] } }
                : new { index = i, id = d.GetProperty("Id").GetString(), status };
        }).ToList();
        var statuses = Enumerable.Range(0, request.Documents.Count).Select(statusOf).ToList();
        var body = JsonSerializer.Serialize(new
        {
            accepted = statuses.Count(s => s == "accepted"),
            rejected = statuses.Count(s => s == "rejected"),
            failed = statuses.Count(s => s == "failed"),
            results,
        });
        var response = new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        }
        return response;
    }

    public static HttpResponseMessage Problem(HttpStatusCode code, string title, string detail, TimeSpan? retryAfter = null)
    {
        var body = JsonSerializer.Serialize(new { title, detail, status = (int)code });
        var response = new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, "application/problem+json") };
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        }
        return response;
    }
}
