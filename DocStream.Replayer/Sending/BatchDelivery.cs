namespace DocStream.Replayer.Sending;

/// <summary>The final outcome of one batch: how many documents the API accepted, and those it did not.</summary>
public sealed class BatchDelivery
{
    public int Accepted { get; set; }

    public List<DocumentRejection> Rejections { get; } = [];
}
