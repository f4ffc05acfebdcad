using System.Collections.Concurrent;
using System.Diagnostics;

namespace DocStream.Bench.Soak;

/// <summary>
/// GET /health of every service once a second (2 s timeout; a probe that times out delays only that service's next one), counting answers other than 200. Failures of a service
/// while it is down on purpose (between the signal and being healthy again) are counted apart.
/// </summary>
internal sealed class HealthProbes(HttpClient http, IReadOnlyDictionary<string, Uri> endpoints, Stopwatch clock)
{
    public sealed class Tally
    {
        public int Probes;
        public int Failures;
        public int FailuresWhileDownOnPurpose;
        public readonly ConcurrentDictionary<string, int> Reasons = new();
        public readonly ConcurrentQueue<(double Seconds, string Reason)> Unplanned = new();
    }

    private readonly ConcurrentDictionary<string, bool> _downOnPurpose = new();

    public Dictionary<string, Tally> Tallies { get; } = endpoints.Keys.ToDictionary(k => k, _ => new Tally());

    public void SetDownOnPurpose(string resource, bool down) => _downOnPurpose[resource] = down;

    /// <summary>One probe loop per service, so a service that times out never delays the probes of another.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(endpoints.Select(e => LoopAsync(e.Key, new Uri(e.Value, "/health"), cancellationToken)));

    private async Task LoopAsync(string resource, Uri uri, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                await ProbeAsync(resource, uri, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeAsync(string resource, Uri uri, CancellationToken cancellationToken)
    {
        var planned = _downOnPurpose.GetValueOrDefault(resource);
        string? failure;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            failure = (int)response.StatusCode == 200 ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            failure = "timeout (2 s)";
        }
        catch (HttpRequestException e)
        {
            failure = e.HttpRequestError.ToString();
        }
        planned |= _downOnPurpose.GetValueOrDefault(resource);
        var tally = Tallies[resource];
        Interlocked.Increment(ref tally.Probes);
        if (failure is null)
        {
            return;
        }
        Interlocked.Increment(ref tally.Failures);
        tally.Reasons.AddOrUpdate(failure, 1, (_, n) => n + 1);
        if (planned)
        {
            Interlocked.Increment(ref tally.FailuresWhileDownOnPurpose);
        }
        else
        {
            tally.Unplanned.Enqueue((clock.Elapsed.TotalSeconds, failure));
        }
    }
}
