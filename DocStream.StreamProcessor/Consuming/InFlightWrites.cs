using Confluent.Kafka;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// The batch writes running in the background, oldest first. They are committed strictly in this order, so a committed
/// offset always means every earlier message of its partition is stored. A batch may join only while fewer than
/// <see cref="MaxWritesInFlight"/> run and none of them has one of its document ids (an older version must never
/// overtake a newer one). Used from the consumer thread only (rebalance handlers run on it too, inside <c>Consume</c>).
/// </summary>
public sealed class InFlightWrites
{
    /// <summary>Batch writes allowed in flight at once; two hide the commit and serialization between batches.</summary>
    public const int MaxWritesInFlight = 2;

    private readonly List<InFlightBatch> _writes = new(MaxWritesInFlight);

    public int Count => _writes.Count;

    /// <summary>The write to commit next; only valid while <see cref="Count"/> is above zero.</summary>
    public InFlightBatch Oldest => _writes[0];

    /// <summary>The oldest write has finished, so it can be committed (or retried) without blocking.</summary>
    public bool OldestFinished => _writes.Count > 0 && _writes[0].Write.IsCompleted;

    /// <summary>A write is still running: collecting more is free while it does.</summary>
    public bool OldestRunning => _writes.Count > 0 && !_writes[0].Write.IsCompleted;

    /// <summary>True when <paramref name="next"/> may not start before the oldest write finished: the pipeline is full, or a write in flight has one of its ids.</summary>
    public bool MustFinishOldestBefore(IReadOnlyList<ConsumedDocument> next) =>
        _writes.Count >= MaxWritesInFlight || _writes.Any(w => w.Content.Latest.SharesAnId(next));

    public void Add(InFlightBatch batch)
    {
        if (_writes.Count >= MaxWritesInFlight)
        {
            throw new InvalidOperationException($"At most {MaxWritesInFlight} writes may be in flight.");
        }
        _writes.Add(batch);
    }

    /// <summary>True while <paramref name="batch"/> is still the oldest write: a rebalance during its retry may have settled it.</summary>
    public bool IsOldest(InFlightBatch batch) => _writes.Count > 0 && ReferenceEquals(_writes[0], batch);

    public void RemoveOldest() => _writes.RemoveAt(0);

    /// <summary>Puts another attempt at the oldest write in its place.</summary>
    public void ReplaceOldest(InFlightBatch retry) => _writes[0] = retry;

    /// <summary>Shutdown, or a write abandoned while MongoDB fails: waits for every write (none may still land later) and commits none.</summary>
    public void AbandonAll()
    {
        foreach (var write in _writes)
        {
            write.WaitUntilFinished();
        }
        _writes.Clear();
    }

    /// <summary>
    /// Partitions leave this instance (the group waits for the handler that calls this). The writes are finished and
    /// passed to <paramref name="commit"/> in order; after the first that failed, none is committed (a later commit
    /// would skip it) but each is still waited for, so none lands after the next owner's writes. When partitions were
    /// <paramref name="lost"/> (already owned elsewhere), nothing is committed.
    /// </summary>
    /// <returns>The messages of uncommitted writes from partitions still owned (to be written again, in offset order), and why each write was not committed.</returns>
    public RebalanceSettlement SettleForRebalance(IReadOnlyCollection<TopicPartition> revoked, bool lost, Action<InFlightBatch, BatchOutcome> commit)
    {
        var writes = _writes.ToList();
        _writes.Clear();
        var again = new List<ConsumedDocument>();
        var failures = new List<Exception>();
        var failed = lost;
        foreach (var batch in writes)
        {
            try
            {
                if (failed)
                {
                    // Not committed, but finished before the partitions go: it must not land after their next owner's writes.
                    batch.WaitUntilFinished();
                    throw new OperationCanceledException(lost ? "Partitions lost: the batch in flight is not committed." : "An earlier batch was not committed.");
                }
                commit(batch, batch.Write.GetAwaiter().GetResult());
            }
            catch (Exception e) when (e is MongoException or TimeoutException or KafkaException or OperationCanceledException)
            {
                failed = true;
                failures.Add(e);
                batch.Activity?.Dispose();
                again.AddRange(batch.Messages.Where(d => !revoked.Contains(d.Partition)));
            }
        }
        return new RebalanceSettlement(again, failures);
    }
}
