namespace DocStream.MongoEmulator.Storage;

/// <summary>When journals are folded into snapshots, and (for tests) who hears about each step.</summary>
internal sealed record CompactionSettings(long ThresholdBytes, Action<string, CompactionStage>? Observer = null)
{
    /// <summary>Compact once a journal exceeds 256 MiB and is larger than its snapshot.</summary>
    public static CompactionSettings Default { get; } = new(256L * 1024 * 1024);

    /// <summary>Tells the observer, if any, that the compaction of <paramref name="collection"/> reached <paramref name="stage"/>.</summary>
    public void Report(string collection, CompactionStage stage) => Observer?.Invoke(collection, stage);
}
