namespace DocStream.Replayer.Sending;

/// <summary>
/// What <c>--resume</c> needs: the last data row that was confirmed, with every row before it confirmed too
/// (accepted, rejected and reported, or unmappable and reported). Saved as JSON next to the rejects file.
/// </summary>
public sealed record ReplayCheckpoint
{
    /// <summary>File name of the data set (not the path, so a checkout elsewhere can resume).</summary>
    public required string FileName { get; init; }

    /// <summary>Length in bytes of the data file, to notice a different file of the same name.</summary>
    public required long FileLength { get; init; }

    public required long LastConfirmedRow { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
