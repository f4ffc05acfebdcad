namespace DocStream.MongoEmulator.Storage;

/// <summary>Steps of a background compaction, reported to <see cref="CompactionSettings.Observer"/> (tests pause there to "kill" the server).</summary>
internal enum CompactionStage
{
    /// <summary>The journal was renamed aside and a new one opened; writers go on into the new one.</summary>
    JournalRotated,

    /// <summary>The new snapshot is complete and flushed under its temporary name, not yet renamed into place.</summary>
    SnapshotWritten,

    /// <summary>The new snapshot is in place; the rotated journal is not yet deleted.</summary>
    SnapshotInPlace,
}
