using System.Net;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;
using DocStream.Replayer.Sending;

namespace DocStream.Replayer.Tests;

/// <summary>The HTTP client and its retry loop against a fake ingest API (no network).</summary>
public sealed class IngestClientTests
{
    private readonly FakeIngestApi _api = new();
    private readonly ReplayStatistics _statistics = new();
    private readonly FastForwardClock _clock = new();

    private List<TimeSpan> _waits => _clock.Waits;

    private IngestClient Client(TimeSpan? maxRetryTime = null) => new(_api.Client(), new IngestClientOptions
    {
        ApiUrl = new Uri("http://ingest.test/"),
        ApiKey = "secret-key",
        MaxRetryTime = maxRetryTime ?? TimeSpan.FromMinutes(5),
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        TimeProvider = _clock,
    }, _statistics);

    private static List<ReplayDocument> Documents(int count)
    {
        var mapper = new InvoiceRowMapper("online-retail");
        var lines = Enumerable.Range(0, count).Select(i => $"5363{i:00},85123A,ITEM {i},{i + 1},12/1/2010 8:26,2.55,17850,United Kingdom");
        return TestData.ReadAll([TestData.Header, .. lines])
            .Select(r => mapper.TryMap(r, out var d, out _) ? d : throw new InvalidOperationException())
            .ToList();
    }

    [Fact]
    public async Task A_batch_is_posted_as_a_json_array_with_the_api_key_to_the_batch_route()
    {
        var delivery = await Client().DeliverAsync(Documents(3), CancellationToken.None);

        var request = Assert.Single(_api.Requests);
        Assert.Equal("/api/v1/invoices/batch", request.Path);
        Assert.Equal("secret-key", request.ApiKey);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(["online-retail:1", "online-retail:2", "online-retail:3"], request.Ids);
        Assert.Equal(3, delivery.Accepted);
        Assert.Equal(0, _statistics.RetriedRequests);
    }

    [Fact]
    public async Task A_503_with_Retry_After_then_200_completes_with_the_exact_accepted_count_and_one_retry()
    {
        _api.Respond = (n, request) => n == 1
            ? FakeIngestApi.Results(HttpStatusCode.ServiceUnavailable, request, i => i % 2 == 0 ? "accepted" : "failed", TimeSpan.FromSeconds(3))
            : FakeIngestApi.AcceptAll(request);

        var delivery = await Client().DeliverAsync(Documents(10), CancellationToken.None);

        Assert.Equal(10, delivery.Accepted);
        Assert.Empty(delivery.Rejections);
        Assert.Equal(2, _api.Requests.Count);
        Assert.Equal(["online-retail:2", "online-retail:4", "online-retail:6", "online-retail:8", "online-retail:10"], _api.Requests[1].Ids);
        Assert.Equal([TimeSpan.FromSeconds(3)], _waits);
        Assert.Equal(1, _statistics.RetriedRequests);
        Assert.Equal(10, _statistics.DocumentsSent);
    }

    [Fact]
    public async Task A_503_without_results_resends_the_whole_batch()
    {
        _api.Respond = (n, request) => n == 1
            ? FakeIngestApi.Problem(HttpStatusCode.ServiceUnavailable, "Kafka unavailable", "Try again", TimeSpan.FromSeconds(1))
            : FakeIngestApi.AcceptAll(request);

        var delivery = await Client().DeliverAsync(Documents(4), CancellationToken.None);

        Assert.Equal(4, delivery.Accepted);
        Assert.Equal(4, _api.Requests[1].Documents.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], _waits);
    }

    [Fact]
    public async Task A_429_waits_for_Retry_After_and_sends_the_same_batch_again()
    {
        _api.Respond = (n, request) => n <= 2
            ? FakeIngestApi.Problem(HttpStatusCode.TooManyRequests, "Too many requests", "Slow down", TimeSpan.FromSeconds(2))
            : FakeIngestApi.AcceptAll(request);

        var delivery = await Client().DeliverAsync(Documents(5), CancellationToken.None);

        Assert.Equal(5, delivery.Accepted);
        Assert.Equal(3, _api.Requests.Count);
        Assert.Equal(_api.Requests[0].Ids, _api.Requests[2].Ids);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], _waits);
        Assert.Equal(2, _statistics.RetriedRequests);
    }

    [Fact]
    public async Task A_413_splits_the_batch_until_the_parts_fit_and_keeps_the_order()
    {
        _api.Respond = (_, request) => request.Documents.Count > 2
            ? FakeIngestApi.Problem(HttpStatusCode.RequestEntityTooLarge, "Payload too large", "At most 2 documents")
            : FakeIngestApi.AcceptAll(request);

        var delivery = await Client().DeliverAsync(Documents(8), CancellationToken.None);

        Assert.Equal(8, delivery.Accepted);
        var accepted = _api.Requests.Where(r => r.Documents.Count <= 2).SelectMany(r => r.Ids).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"online-retail:{i}"), accepted);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task Rejected_results_come_back_with_the_api_reasons()
    {
        _api.Respond = (_, request) => FakeIngestApi.Results(HttpStatusCode.OK, request, i => i == 1 ? "rejected" : "accepted");

        var delivery = await Client().DeliverAsync(Documents(3), CancellationToken.None);

        Assert.Equal(2, delivery.Accepted);
        var rejection = Assert.Single(delivery.Rejections);
        Assert.Equal("online-retail:2", rejection.Document.Line.Id);
        Assert.Equal("api", rejection.Source);
        Assert.Contains("InvoiceDate: '13/45/2010 8:26' is not a valid date.", rejection.Reason);
    }

    [Fact]
    public async Task A_400_refuses_the_whole_batch_and_every_document_is_reported()
    {
        _api.Respond = (_, _) => FakeIngestApi.Problem(HttpStatusCode.BadRequest, "Invalid batch", "The body is not a JSON array");

        var delivery = await Client().DeliverAsync(Documents(3), CancellationToken.None);

        Assert.Equal(0, delivery.Accepted);
        Assert.Equal(3, delivery.Rejections.Count);
        Assert.All(delivery.Rejections, r => Assert.Equal("api-refused", r.Source));
        Assert.All(delivery.Rejections, r => Assert.Contains("Invalid batch - The body is not a JSON array", r.Reason));
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task A_401_aborts_with_a_message_about_the_api_key()
    {
        _api.Respond = (_, _) => FakeIngestApi.Problem(HttpStatusCode.Unauthorized, "Unauthorized", "Missing X-Api-Key");

        var error = await Assert.ThrowsAsync<ReplayAbortedException>(() => Client().DeliverAsync(Documents(2), CancellationToken.None));

        Assert.Contains("refused the API key (401", error.Message);
        Assert.Contains("DOCSTREAM_API_KEY", error.Message);
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task A_long_outage_with_Retry_After_gives_up_when_the_retry_time_is_spent()
    {
        _api.Respond = (_, _) => FakeIngestApi.Problem(HttpStatusCode.ServiceUnavailable, "Kafka unavailable", "down", TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ReplayAbortedException>(
            () => Client(TimeSpan.FromMinutes(1)).DeliverAsync(Documents(2), CancellationToken.None));

        Assert.Contains("503", error.Message);
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)], _waits); // 0 + 30 and 30 + 30 fit in 60 s, 60 + 30 does not
        Assert.Equal(3, _api.Requests.Count);
    }

    [Fact]
    public async Task A_timeout_is_retried_with_backoff()
    {
        _api.Respond = (n, request) => n == 1 ? throw new TaskCanceledException("timeout") : FakeIngestApi.AcceptAll(request);

        var delivery = await Client().DeliverAsync(Documents(2), CancellationToken.None);

        Assert.Equal(2, delivery.Accepted);
        var wait = Assert.Single(_waits);
        Assert.InRange(wait, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20));
        Assert.Equal(1, _statistics.RetriedRequests);
    }

    [Fact]
    public async Task An_unreachable_api_is_retried_with_growing_capped_waits_until_the_retry_time_is_spent()
    {
        _api.Respond = (_, _) => throw new HttpRequestException("Connection refused");

        var error = await Assert.ThrowsAsync<ReplayAbortedException>(
            () => Client(TimeSpan.FromMinutes(2)).DeliverAsync(Documents(1), CancellationToken.None));

        Assert.Contains("Gave up", error.Message);
        Assert.Contains("Connection refused", error.Message);
        Assert.InRange(_api.Requests.Count, 12, 40);
        Assert.True(_waits[1] > _waits[0] && _waits[5] > _waits[1], "the backoff grows");
        Assert.All(_waits, w => Assert.True(w <= TimeSpan.FromSeconds(10), $"{w} is over the 10 s cap"));
        Assert.True(_waits.Max() >= TimeSpan.FromSeconds(5), "the waits reach the cap (with jitter)");
        Assert.InRange(_waits.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(2));
    }
}
