using System.Net;
using System.Net.Sockets;
using DocStream.Contracts;
using DocStream.IngestApi.Tests.Infrastructure;

namespace DocStream.IngestApi.Tests.Status;

/// <summary>
/// A store that accepts connections and never answers: every lookup hangs until the driver gives up. Two may run and
/// two wait; the API takes no more.
/// </summary>
public sealed class StalledStoreApiHost : IngestApiHost
{
    private static readonly TcpListener Silent = StartSilentListener();

    public StalledStoreApiHost() : base(new Dictionary<string, string?>
    {
        [$"ConnectionStrings:{PipelineNames.Database}"] = $"mongodb://127.0.0.1:{((IPEndPoint)Silent.LocalEndpoint).Port}/docstream",
        ["Ingest:MaxConcurrentStatusLookups"] = "2",
        ["Ingest:MaxQueuedStatusLookups"] = "2",
    })
    {
    }

    private static TcpListener StartSilentListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // connections complete in the backlog; nothing ever reads or writes them
        return listener;
    }
}

/// <summary>Lookups cannot pile up: beyond the running and queued ones the route answers 503 with Retry-After at once.</summary>
public sealed class StatusLookupSaturationTests(StalledStoreApiHost host) : IClassFixture<StalledStoreApiHost>
{
    [Fact]
    public async Task Lookups_beyond_the_running_and_queued_ones_are_refused_at_once_with_Retry_After()
    {
        using var client = host.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var lookups = Enumerable.Range(0, 10)
            .Select(i => client.GetAsync($"/api/v1/documents/never-sent-{i}", cancel.Token))
            .ToList();
        var responses = await Task.WhenAll(lookups);

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Headers.RetryAfter is not null).ToList();
        Assert.Equal(6, refused.Count); // 10 sent, 2 running, 2 queued
        foreach (var response in refused)
        {
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "a saturated lookup");
            Assert.Equal("Too many status lookups at once.", problem.GetProperty("title").GetString());
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        }
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
