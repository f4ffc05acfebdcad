using Confluent.Kafka;
using DocStream.StreamProcessor.Writing;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>
/// The micro-batch being collected on the consumer thread: its messages in consumption order, and the offset-gap
/// records found meanwhile, which are written (as dead letters) with it.
/// </summary>
public sealed class CollectedBatch(int maxSize)
{
    private List<ConsumedDocument> _documents = [];
    private List<PendingLetter> _gaps = [];

    public IReadOnlyList<ConsumedDocument> Documents => _documents;

    public int Count => _documents.Count;

    public bool IsFull => _documents.Count >= maxSize;

    /// <summary>There is something to write: a message, or a gap record on its own.</summary>
    public bool HasContent => _documents.Count > 0 || _gaps.Count > 0;

    public void Add(ConsumedDocument document) => _documents.Add(document);

    public void AddGap(PendingLetter gap) => _gaps.Add(gap);

    /// <summary>Hands everything collected over to a write and starts an empty batch.</summary>
    public BatchContent Take()
    {
        var content = BatchContent.Of(_documents, _gaps);
        _documents = new List<ConsumedDocument>(Math.Min(maxSize, 16_384));
        _gaps = [];
        return content;
    }

    /// <summary>Messages of a write that was not committed go out again, ahead of (and older than) what was collected since.</summary>
    public void PutBackAhead(IReadOnlyList<ConsumedDocument> uncommitted) => _documents.InsertRange(0, uncommitted);

    /// <summary>Drops the messages of <paramref name="partitions"/>: they are read again from a new position.</summary>
    public void DropPartitions(IReadOnlySet<TopicPartition> partitions) => _documents.RemoveAll(d => partitions.Contains(d.Partition));

    /// <summary>Keeps only the messages of partitions still owned: the others' next owner reads them from the last commit.</summary>
    public void KeepOwned(IReadOnlySet<TopicPartition> owned) => _documents.RemoveAll(d => !owned.Contains(d.Partition));
}
