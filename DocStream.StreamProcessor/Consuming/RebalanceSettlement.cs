namespace DocStream.StreamProcessor.Consuming;

/// <summary>What a rebalance left of the writes in flight.</summary>
/// <param name="CollectAgain">Messages of uncommitted writes from partitions still owned, in offset order: they go out with the next batch.</param>
/// <param name="NotCommitted">Why each uncommitted write was not committed.</param>
public sealed record RebalanceSettlement(IReadOnlyList<ConsumedDocument> CollectAgain, IReadOnlyList<Exception> NotCommitted);
