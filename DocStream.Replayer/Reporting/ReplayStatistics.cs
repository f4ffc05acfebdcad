using System.Diagnostics;

namespace DocStream.Replayer.Reporting;

/// <summary>Counters of a replay, updated from the reader and the senders at once (thread-safe).</summary>
public sealed class ReplayStatistics
{
    private readonly Stopwatch _clock = new();
    private long _rowsRead;
    private long _documentsSent;
    private long _accepted;
    private long _rejected;
    private long _unmappable;
    private long _requests;
    private long _retriedRequests;
    private long _bytesSent;
    private long _fileBytesRead;
    private long _serializedBytes;

    public LatencyRecorder Latency { get; } = new();

    public long RowsRead => Interlocked.Read(ref _rowsRead);
    public long DocumentsSent => Interlocked.Read(ref _documentsSent);
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Documents the API refused: rejected by validation, or in a batch refused as a whole.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>CSV lines that could not become documents.</summary>
    public long Unmappable => Interlocked.Read(ref _unmappable);
    public long Requests => Interlocked.Read(ref _requests);
    public long RetriedRequests => Interlocked.Read(ref _retriedRequests);
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>JSON bytes produced by a dry run (nothing is sent then).</summary>
    public long SerializedBytes => Interlocked.Read(ref _serializedBytes);

    /// <summary>Bytes of the input file read so far (compressed bytes for .gz), and its length: for progress.</summary>
    public long FileBytesRead => Interlocked.Read(ref _fileBytesRead);
    public long FileLength { get; set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Start() => _clock.Start();
    public void Stop() => _clock.Stop();

    public void RowRead() => Interlocked.Increment(ref _rowsRead);
    public void AddSent(int documents) => Interlocked.Add(ref _documentsSent, documents);
    public void AddAccepted(int documents) => Interlocked.Add(ref _accepted, documents);
    public void AddRejected(int documents) => Interlocked.Add(ref _rejected, documents);
    public void RowUnmappable() => Interlocked.Increment(ref _unmappable);
    public void AddSerializedBytes(long bytes) => Interlocked.Add(ref _serializedBytes, bytes);
    public void SetFileBytesRead(long bytes) => Interlocked.Exchange(ref _fileBytesRead, bytes);

    public void RequestCompleted(TimeSpan latency, int bodyBytes, bool isRetry)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytesSent, bodyBytes);
        if (isRetry)
        {
            Interlocked.Increment(ref _retriedRequests);
        }
        Latency.Record(latency);
    }

    /// <summary>Documents per second: sent documents, or rows read when nothing was sent (dry run).</summary>
    public double DocumentsPerSecond
    {
        get
        {
            var seconds = Elapsed.TotalSeconds;
            var count = DocumentsSent > 0 ? DocumentsSent : RowsRead;
            return seconds > 0 ? count / seconds : 0;
        }
    }
}
