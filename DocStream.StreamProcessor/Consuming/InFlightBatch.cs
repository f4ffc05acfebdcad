using System.Diagnostics;

namespace DocStream.StreamProcessor.Consuming;

/// <summary>A batch whose write runs in the background; committed by the consumer thread once it succeeded.</summary>
/// <param name="Activity">The batch's span, ended when the batch is committed or dropped.</param>
public sealed record InFlightBatch(BatchContent Content, Activity? Activity, Task<BatchOutcome> Write)
{
    public IReadOnlyList<ConsumedDocument> Messages => Content.Messages;

    /// <summary>
    /// Blocks until the write has finished (succeeded, failed or been cancelled), without throwing: the caller decides
    /// what its outcome means. A write dropped while still running could land after a newer version of the same
    /// document, written later by this instance or by the partition's next owner.
    /// </summary>
    public void WaitUntilFinished()
    {
        Task.WaitAny(Write);
        _ = Write.Exception; // observed here; a failed write is simply not committed
    }
}
