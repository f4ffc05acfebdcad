namespace DocStream.Replayer.Sending;

/// <summary>
/// Batches finish out of order when several are in flight; the checkpoint may only move past a batch when every
/// batch before it has finished too. This keeps the finished batches until the gap before them closes, and
/// saves the checkpoint as it moves (at most every <see cref="SaveInterval"/>, and on <see cref="Flush"/>).
/// </summary>
public sealed class CheckpointTracker
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(500);

    private readonly CheckpointStore? _store;
    private readonly string _fileName;
    private readonly long _fileLength;
    private readonly SortedDictionary<long, long> _finishedAhead = [];
    private readonly Lock _lock = new();
    private long _nextSequence;
    private long _lastConfirmedRow;
    private long _savedRow;
    private DateTime _lastSave = DateTime.MinValue;

    public CheckpointTracker(CheckpointStore? store, string fileName, long fileLength, long startAfterRow)
    {
        _store = store;
        _fileName = fileName;
        _fileLength = fileLength;
        _lastConfirmedRow = startAfterRow;
        _savedRow = startAfterRow;
    }

    /// <summary>Every row up to this one is confirmed.</summary>
    public long LastConfirmedRow
    {
        get
        {
            lock (_lock)
            {
                return _lastConfirmedRow;
            }
        }
    }

    /// <summary>Batch <paramref name="sequence"/> (0, 1, 2... in file order) finished; its last row is <paramref name="lastRow"/>.</summary>
    public void Finished(long sequence, long lastRow)
    {
        lock (_lock)
        {
            _finishedAhead[sequence] = lastRow;
            while (_finishedAhead.Remove(_nextSequence, out var row))
            {
                _lastConfirmedRow = Math.Max(_lastConfirmedRow, row);
                _nextSequence++;
            }
            if (_store is not null && _lastConfirmedRow != _savedRow && DateTime.UtcNow - _lastSave >= SaveInterval)
            {
                SaveLocked();
            }
        }
    }

    /// <summary>Saves the checkpoint now (end of the run, cancellation, failure).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_store is not null)
            {
                SaveLocked();
            }
        }
    }

    private void SaveLocked()
    {
        _store!.Save(new ReplayCheckpoint
        {
            FileName = _fileName,
            FileLength = _fileLength,
            LastConfirmedRow = _lastConfirmedRow,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        _savedRow = _lastConfirmedRow;
        _lastSave = DateTime.UtcNow;
    }
}
