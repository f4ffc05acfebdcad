using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DocStream.IngestApi.Status;

/// <summary>
/// Bounds the document-status lookups: at most <see cref="IngestOptions.MaxConcurrentStatusLookups"/> run at once and
/// <see cref="IngestOptions.MaxQueuedStatusLookups"/> wait; beyond that the route answers 503 with Retry-After at once,
/// so a burst of lookups holds neither threads nor connections.
/// </summary>
public sealed class StatusLookupLimiter(IOptions<IngestOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentStatusLookups,
        QueueLimit = options.Value.MaxQueuedStatusLookups,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A lease to dispose when the lookup is done; not acquired when saturated.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}
