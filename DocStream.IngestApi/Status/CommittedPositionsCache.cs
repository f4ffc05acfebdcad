using DocStream.ServiceDefaults.Kafka;

namespace DocStream.IngestApi.Status;

/// <summary>
/// The processor group's positions in the ingest topic, read at most once per <c>maxAge</c> however many lookups ask:
/// concurrent callers share the read in flight, later ones its answer until it is <c>maxAge</c> old. A failed read is
/// not kept, so the next caller tries again.
/// </summary>
public sealed class CommittedPositionsCache(
    Func<CancellationToken, Task<IReadOnlyList<PartitionPosition>>> read, TimeProvider clock, TimeSpan maxAge)
{
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Task<IReadOnlyList<PartitionPosition>>? _current;
    private long _startedAt;

    public Task<IReadOnlyList<PartitionPosition>> GetAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<PartitionPosition>> current;
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            if (_current is null || _current.IsFaulted || _current.IsCanceled
                || (_current.IsCompleted && clock.GetElapsedTime(_startedAt, now) >= maxAge))
            {
                // Shared by every waiting lookup: one caller giving up must not cancel the read for the others.
                _current = Task.Run(() => read(CancellationToken.None), CancellationToken.None);
                _startedAt = now;
            }
            current = _current;
        }
        return current.WaitAsync(cancellationToken);
    }
}
