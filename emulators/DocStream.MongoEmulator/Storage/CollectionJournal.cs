using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// The durable form of one collection: a snapshot file plus an append-only journal of changes since.
/// Writes of one command are buffered and written + flushed to disk once, before the command is acknowledged.
/// </summary>
internal sealed class CollectionJournal : IDisposable
{
    /// <summary>Compact once the journal exceeds this and is larger than the snapshot.</summary>
    private const long CompactThresholdBytes = 256L * 1024 * 1024;

    private readonly MemoryStream _pending = new();
    private readonly MongoDB.Bson.IO.BsonBinaryWriter _pendingWriter;
    private FileStream? _journal;

    public CollectionJournal(string basePath)
    {
        BasePath = basePath;
        _pendingWriter = Protocol.BsonCodec.CreateWriter(_pending);
    }

    public string BasePath { get; }

    public string JournalPath => BasePath + ".journal";

    public string SnapshotPath => BasePath + ".snapshot";

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
        if (File.Exists(JournalPath))
        {
            var valid = RecordFile.ReadAll(JournalPath, apply);
            var length = new FileInfo(JournalPath).Length;
            if (valid != length)
            {
                log($"journal {JournalPath}: discarded {length - valid} bytes of an incomplete or damaged final record");
                using var truncate = new FileStream(JournalPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                truncate.SetLength(valid);
                truncate.Flush(flushToDisk: true);
            }
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

    /// <summary>Writes pending records and forces them to disk. Returns true when compaction is due.</summary>
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
        return _journal.Length > CompactThresholdBytes && _journal.Length > snapshotLengthHint;
    }

    /// <summary>Drops records appended but not committed (used when a collection is dropped mid-command).</summary>
    public void DiscardPending() => _pending.SetLength(0);

    /// <summary>
    /// Writes the full state to a new snapshot (atomically renamed into place), then empties the journal.
    /// A crash between the two steps is harmless: replaying the old journal over the new snapshot yields the same state.
    /// </summary>
    public void Compact(IEnumerable<BsonDocument> indexSpecs, IEnumerable<BsonDocument> documents)
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
        File.Move(temp, SnapshotPath, overwrite: true);
        Open();
        _journal!.SetLength(0);
        _journal.Flush(flushToDisk: true);
    }

    public long SnapshotLength => File.Exists(SnapshotPath) ? new FileInfo(SnapshotPath).Length : 0;

    /// <summary>Bytes on disk: snapshot plus journal.</summary>
    public long StorageSize => SnapshotLength + (File.Exists(JournalPath) ? new FileInfo(JournalPath).Length : 0);

    /// <summary>Removes the collection's files (drop).</summary>
    public void Delete()
    {
        Dispose();
        File.Delete(JournalPath);
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
