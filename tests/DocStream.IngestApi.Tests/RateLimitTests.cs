using System.Net;
using System.Text;
using DocStream.Contracts;
using DocStream.IngestApi.Tests.Infrastructure;

namespace DocStream.IngestApi.Tests;

/// <summary>An API whose key may send two requests a second.</summary>
public sealed class RateLimitedApiHost() : IngestApiHost(new Dictionary<string, string?> { ["Ingest:RequestsPerSecondPerKey"] = "2" });

public sealed class RateLimitTests(RateLimitedApiHost host) : IClassFixture<RateLimitedApiHost>
{
    [Fact]
    public async Task Beyond_the_rate_of_its_key_a_client_gets_429_with_Retry_After_and_nothing_reaches_Kafka()
    {
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // a full bucket, whatever ran before
        using var client = host.CreateClient();
        var ids = Enumerable.Range(0, 8).Select(_ => RealRows.NewId("rate")).ToList();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;

        foreach (var id in ids)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/invoices")
            {
                Content = new StringContent(RealRows.First().ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", id);
            var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && limited is null)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using (limited)
        {
            Assert.NotNull(limited);
            await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "over the rate");
            Assert.True(limited.Headers.RetryAfter?.Delta is { } wait && wait >= TimeSpan.FromSeconds(1), "Retry-After is missing");
        }
        var created = statuses.Count(s => s == HttpStatusCode.Created);
        Assert.InRange(created, 2, 4); // two tokens, plus at most one refill per second while the loop runs
        Assert.Equal(statuses.Count - created, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(created, host.Reader().ReadIds(ids).Count);
    }

    [Fact]
    public async Task The_limit_is_per_key_so_requests_without_a_valid_key_are_refused_before_using_it()
    {
        // The limiter runs on the header value: a flood with a wrong key must not drain the right key's budget.
        using var anonymous = host.CreateAnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/invoices")
            {
                Content = new StringContent(RealRows.First().ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(PipelineNames.ApiKeyHeader, "someone-else-0123456789");
            using var response = await anonymous.SendAsync(request);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests });
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2)); // let the right key's bucket refill after the other test
        using var client = host.CreateClient();
        using var ok = await client.PostAsync("/api/v1/invoices", new StringContent(RealRows.First().ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }
}
