using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// The durable form of one collection: a snapshot file plus an append-only journal of changes since.
/// Writes of one command are buffered and written + flushed to disk once, before the command is acknowledged.
/// While a background compaction writes a new snapshot, the journal it folds in sits aside as
/// <see cref="RotatedJournalPath"/> and new writes go to a fresh journal; recovery replays snapshot, rotated
/// journal, then journal, so a kill at any step loses nothing acknowledged.
/// </summary>
internal sealed class CollectionJournal : IDisposable
{
    private readonly MemoryStream _pending = new();
    private readonly MongoDB.Bson.IO.BsonBinaryWriter _pendingWriter;
    private readonly long _compactThresholdBytes;
    private FileStream? _journal;

    public CollectionJournal(string basePath, long compactThresholdBytes)
    {
        BasePath = basePath;
        _compactThresholdBytes = compactThresholdBytes;
        _pendingWriter = Protocol.BsonCodec.CreateWriter(_pending);
    }

    public string BasePath { get; }

    public string JournalPath => BasePath + ".journal";

    /// <summary>The journal being folded into a new snapshot by a background compaction (or left by a kill during one).</summary>
    public string RotatedJournalPath => BasePath + ".journal-compacting";

    public string SnapshotPath => BasePath + ".snapshot";

    /// <summary>True while a rotated journal exists, i.e. its records are not all in the snapshot yet.</summary>
    public bool HasRotatedJournal => File.Exists(RotatedJournalPath);

    public bool HasPending => _pending.Length > 0;

    public long JournalLength => _journal?.Length ?? 0;

    /// <summary>Replays snapshot then journal; a damaged tail of the journal is cut off (torn last write).</summary>
    public void Load(Action<JournalRecordType, BsonDocument> apply, Action<string> log)
    {
        if (File.Exists(SnapshotPath))
        {
            var valid = RecordFile.ReadAll(SnapshotPath, apply);
            if (valid != new FileInfo(SnapshotPath).Length)
            {
                log($"warning: snapshot {SnapshotPath} is damaged after byte {valid}; the rest was ignored");
            }
        }
        ReplayJournal(RotatedJournalPath, apply, log);
        ReplayJournal(JournalPath, apply, log);
    }

    private static void ReplayJournal(string path, Action<JournalRecordType, BsonDocument> apply, Action<string> log)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var valid = RecordFile.ReadAll(path, apply);
        var length = new FileInfo(path).Length;
        if (valid != length)
        {
            log($"journal {path}: discarded {length - valid} bytes of an incomplete or damaged final record");
            using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            truncate.SetLength(valid);
            truncate.Flush(flushToDisk: true);
        }
    }

    public void Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(BasePath)!);
        _journal ??= new FileStream(JournalPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        _journal.Seek(0, SeekOrigin.End);
    }

    public void AppendPut(BsonDocument doc) => RecordFile.Append(_pending, JournalRecordType.Put, doc, _pendingWriter);

    public void AppendDelete(BsonValue id) => RecordFile.Append(_pending, JournalRecordType.Delete, new BsonDocument("_id", id));

    public void AppendCreateIndex(BsonDocument spec) => RecordFile.Append(_pending, JournalRecordType.CreateIndex, spec);

    public void AppendDropIndex(string name) => RecordFile.Append(_pending, JournalRecordType.DropIndex, new BsonDocument("name", name));

    /// <summary>
    /// Writes pending records and forces them to disk. Returns true when compaction is due
    /// (the journal is over the threshold and larger than the snapshot).
    /// </summary>
    public bool Commit(long snapshotLengthHint)
    {
        if (_pending.Length == 0)
        {
            return false;
        }
        Open();
        _journal!.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
        _journal.Flush(flushToDisk: true);
        _pending.SetLength(0);
        if (_pending.Capacity > 64 * 1024 * 1024)
        {
            _pending.Capacity = 1024 * 1024; // don't pin a huge buffer after one big batch
        }
        return _journal.Length > _compactThresholdBytes && _journal.Length > snapshotLengthHint;
    }

    /// <summary>
    /// Moves the journal aside (to <see cref="RotatedJournalPath"/>) and opens an empty one, so a background
    /// compaction can fold the moved records in while writers go on. Call under the collection's write lock,
    /// with nothing pending and no rotated journal left.
    /// </summary>
    public void Rotate()
    {
        if (HasRotatedJournal)
        {
            throw new InvalidOperationException("a rotated journal is still waiting to be folded in");
        }
        _journal?.Dispose();
        _journal = null;
        if (File.Exists(JournalPath))
        {
            File.Move(JournalPath, RotatedJournalPath);
        }
        Open();
    }

    /// <summary>Writes <paramref name="documents"/> (the state as of the rotation) as the new snapshot, then deletes the rotated journal.</summary>
    public void FoldRotatedJournal(IEnumerable<BsonDocument> indexSpecs, IEnumerable<BsonDocument> documents, Action<CompactionStage> report)
    {
        WriteSnapshot(indexSpecs, documents, report);
        File.Delete(RotatedJournalPath);
    }

    /// <summary>Drops records appended but not committed (used when a collection is dropped mid-command).</summary>
    public void DiscardPending() => _pending.SetLength(0);

    /// <summary>
    /// Writes the full state to a new snapshot (atomically renamed into place), then empties the journals.
    /// A crash between the steps is harmless: replaying the old journals over the new snapshot yields the same state.
    /// Call under the collection's write lock (nothing may change meanwhile).
    /// </summary>
    public void Compact(IEnumerable<BsonDocument> indexSpecs, IEnumerable<BsonDocument> documents, Action<CompactionStage> report)
    {
        WriteSnapshot(indexSpecs, documents, report);
        File.Delete(RotatedJournalPath);
        Open();
        _journal!.SetLength(0);
        _journal.Flush(flushToDisk: true);
    }

    /// <summary>Writes a snapshot under a temporary name, forces it to disk, then renames it over the old one.</summary>
    private void WriteSnapshot(IEnumerable<BsonDocument> indexSpecs, IEnumerable<BsonDocument> documents, Action<CompactionStage> report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(BasePath)!);
        var temp = SnapshotPath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var buffer = new MemoryStream();
            foreach (var spec in indexSpecs)
            {
                RecordFile.Append(buffer, JournalRecordType.CreateIndex, spec);
            }
            foreach (var doc in documents)
            {
                RecordFile.Append(buffer, JournalRecordType.Put, doc);
                if (buffer.Length > 1 << 20)
                {
                    file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                    buffer.SetLength(0);
                }
            }
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            file.Flush(flushToDisk: true);
        }
        report(CompactionStage.SnapshotWritten);
        File.Move(temp, SnapshotPath, overwrite: true);
        report(CompactionStage.SnapshotInPlace);
    }

    public long SnapshotLength => LengthOf(SnapshotPath);

    /// <summary>Bytes on disk: snapshot plus journals.</summary>
    public long StorageSize => SnapshotLength + LengthOf(JournalPath) + LengthOf(RotatedJournalPath);

    /// <summary>A file's length, 0 when missing; one stat, so a file a background compaction deletes meanwhile cannot throw.</summary>
    private static long LengthOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }

    /// <summary>Removes the collection's files (drop).</summary>
    public void Delete()
    {
        Dispose();
        File.Delete(JournalPath);
        File.Delete(RotatedJournalPath);
        File.Delete(SnapshotPath);
        File.Delete(SnapshotPath + ".tmp");
    }

    public void Dispose()
    {
        _pendingWriter.Dispose();
        _journal?.Dispose();
        _journal = null;
    }
}
