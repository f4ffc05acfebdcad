using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// One collection in memory: documents by _id plus ordered indexes, journaled to disk.
/// Callers hold <see cref="Lock"/> (read for queries, write for changes) around every access.
/// </summary>
internal sealed class Collection : IDisposable
{
    private readonly Dictionary<BsonValue, DocumentRecord> _byId = new(BsonValueComparer.Instance);
    private readonly List<CollectionIndex> _indexes = [];
    private readonly CollectionJournal _journal;
    private readonly CompactionSettings _compaction;
    private readonly Action<string> _log;
    private long _snapshotLength;
    private Task? _backgroundCompaction;
    private IndexKeys[] _keyBuffer = [];

    public Collection(string database, string name, string basePath, CompactionSettings? compaction = null, Action<string>? log = null)
    {
        Database = database;
        Name = name;
        _compaction = compaction ?? CompactionSettings.Default;
        _log = log ?? (_ => { });
        _journal = new CollectionJournal(basePath, _compaction.ThresholdBytes);
        _indexes.Add(new CollectionIndex(IndexDefinition.IdIndex()));
    }

    public string Database { get; }

    public string Name { get; }

    public string FullName => $"{Database}.{Name}";

    public Guid Uuid { get; } = Guid.NewGuid();

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Set under the write lock when the collection is dropped; holders of a stale reference must look it up again.</summary>
    public bool IsDropped { get; private set; }

    public int Count => _byId.Count;

    public IReadOnlyList<CollectionIndex> Indexes => _indexes;

    public IEnumerable<DocumentRecord> Records => _byId.Values;

    public DocumentRecord? FindById(BsonValue id) => _byId.GetValueOrDefault(id);

    public CollectionIndex IdIndex => _indexes[0];

    /// <summary>Bytes of its files on disk (snapshot and journal).</summary>
    public long StorageSize => _journal.StorageSize;

    public void Load(Action<string> log)
    {
        _journal.Load(ApplyRecord, log);
        // Independent indexes build in parallel (start-up has the machine to itself).
        Parallel.ForEach(_indexes, index => index.BulkBuild(_byId.Values, checkUnique: false));
        _snapshotLength = _journal.SnapshotLength;
    }

    /// <summary>Folds the journals into the snapshot when they have any content (start-up and clean stop).</summary>
    public void CompactIfJournalNotEmpty()
    {
        WaitForBackgroundCompaction();
        if (_journal.HasRotatedJournal || (File.Exists(_journal.JournalPath) && new FileInfo(_journal.JournalPath).Length > 0))
        {
            Compact();
        }
    }

    public void EnsureFilesExist()
    {
        _journal.Open();
    }

    private void ApplyRecord(JournalRecordType type, BsonDocument payload)
    {
        // Replay trusts the log: no unique checks, last record for an _id wins.
        // Indexes are only declared here and built in bulk once all records are in (see Load).
        switch (type)
        {
            case JournalRecordType.Put:
                var id = DocumentFields.Id(payload) ?? throw new InvalidDataException("journal record without _id");
                DocumentMemory.Trim(payload);
                if (_byId.TryGetValue(id, out var existing))
                {
                    existing.Document = payload;
                }
                else
                {
                    _byId.Add(id, new DocumentRecord(id, payload));
                }
                break;
            case JournalRecordType.Delete:
                _byId.Remove(DocumentFields.Id(payload) ?? BsonNull.Value);
                break;
            case JournalRecordType.CreateIndex:
                var definition = IndexDefinition.FromSpec(payload);
                if (!definition.IsId && _indexes.All(i => i.Definition.Name != definition.Name))
                {
                    _indexes.Add(new CollectionIndex(definition));
                }
                break;
            case JournalRecordType.DropIndex:
                _indexes.RemoveAll(i => !i.Definition.IsId && i.Definition.Name == payload["name"].AsString);
                break;
        }
    }

    public void Insert(BsonDocument doc)
    {
        var id = DocumentFields.Id(doc) ?? throw new InvalidOperationException("documents are stored with an _id");
        if (_byId.ContainsKey(id))
        {
            throw new DuplicateKeyException(FullName, IdIndex.Definition, [id]);
        }
        var keys = KeyBuffer();
        for (var i = 0; i < _indexes.Count; i++)
        {
            var index = _indexes[i];
            keys[i] = index.KeysOf(doc);
            if (i > 0 && index.Definition.Unique)
            {
                for (var k = 0; k < keys[i].Count; k++)
                {
                    if (index.HasOtherHolder(keys[i][k], id))
                    {
                        throw new DuplicateKeyException(FullName, index.Definition, keys[i][k]);
                    }
                }
            }
        }
        var record = new DocumentRecord(id, DocumentMemory.Trim(doc));
        _byId.Add(id, record);
        for (var i = 0; i < _indexes.Count; i++)
        {
            _indexes[i].Add(record, keys[i]);
        }
        _journal.AppendPut(doc);
    }

    /// <summary>Per-index keys of the document being inserted, reused (callers hold the write lock): one array less per insert.</summary>
    private IndexKeys[] KeyBuffer()
    {
        if (_keyBuffer.Length < _indexes.Count)
        {
            _keyBuffer = new IndexKeys[_indexes.Count];
        }
        return _keyBuffer;
    }

    public void Replace(DocumentRecord record, BsonDocument doc)
    {
        var oldKeys = new IndexKeys[_indexes.Count];
        var newKeys = new IndexKeys[_indexes.Count];
        var changed = new bool[_indexes.Count];
        for (var i = 1; i < _indexes.Count; i++)
        {
            var index = _indexes[i];
            oldKeys[i] = index.KeysOf(record.Document);
            newKeys[i] = index.KeysOf(doc);
            changed[i] = !SameKeys(oldKeys[i], newKeys[i]);
            if (changed[i] && index.Definition.Unique)
            {
                for (var k = 0; k < newKeys[i].Count; k++)
                {
                    if (index.HasOtherHolder(newKeys[i][k], record.Id))
                    {
                        throw new DuplicateKeyException(FullName, index.Definition, newKeys[i][k]);
                    }
                }
            }
        }
        for (var i = 1; i < _indexes.Count; i++)
        {
            if (changed[i])
            {
                _indexes[i].Remove(record, oldKeys[i]);
                _indexes[i].Add(record, newKeys[i]);
            }
        }
        record.Document = DocumentMemory.Trim(doc);
        _journal.AppendPut(doc);
    }

    public void Delete(DocumentRecord record)
    {
        RemoveFromIndexes(record);
        _byId.Remove(record.Id);
        _journal.AppendDelete(record.Id);
    }

    private void RemoveFromIndexes(DocumentRecord record)
    {
        foreach (var index in _indexes)
        {
            index.Remove(record, index.KeysOf(record.Document));
        }
    }

    private static bool SameKeys(IndexKeys a, IndexKeys b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            for (var j = 0; j < a[i].Length; j++)
            {
                var x = a[i][j];
                var y = b[i][j];
                // Same value but a different BSON type (1 vs 1.0) still counts as a change, to keep stored keys exact.
                if (x.BsonType != y.BsonType || BsonValueComparer.Instance.Compare(x, y) != 0)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Creates an index; returns false when an identical one already exists.</summary>
    public bool CreateIndex(IndexDefinition definition)
    {
        var existing = _indexes.FirstOrDefault(i => i.Definition.Name == definition.Name)
            ?? _indexes.FirstOrDefault(i => i.Definition.Key.Equals(definition.Key));
        if (existing is not null)
        {
            if (existing.Definition.SameAs(definition))
            {
                return false;
            }
            if (existing.Definition.Name == definition.Name)
            {
                throw new MongoCommandException(MongoErrorCodes.IndexKeySpecsConflict,
                    $"An existing index has the same name as the requested index. Requested index: {definition.ToSpec()}, existing index: {existing.Definition.ToSpec()}");
            }
            throw new MongoCommandException(MongoErrorCodes.IndexOptionsConflict,
                $"An equivalent index already exists with a different name and options. Requested index: {definition.ToSpec()}, existing index: {existing.Definition.ToSpec()}");
        }
        _indexes.Add(BuildIndex(definition, enforceUnique: true));
        _journal.AppendCreateIndex(definition.ToSpec());
        return true;
    }

    private CollectionIndex BuildIndex(IndexDefinition definition, bool enforceUnique)
    {
        var index = new CollectionIndex(definition);
        var conflict = index.BulkBuild(_byId.Values, enforceUnique && definition.Unique);
        if (conflict is { } c)
        {
            throw new DuplicateKeyException(FullName, definition, c.Key).ToCommandException();
        }
        return index;
    }

    public void DropIndex(string name)
    {
        var index = _indexes.FirstOrDefault(i => i.Definition.Name == name)
            ?? throw new MongoCommandException(MongoErrorCodes.IndexNotFound, $"index not found with name [{name}]");
        if (index.Definition.IsId)
        {
            throw new MongoCommandException(MongoErrorCodes.InvalidOptions, "cannot drop _id index");
        }
        _indexes.Remove(index);
        _journal.AppendDropIndex(name);
    }

    /// <summary>Writes this command's changes to disk (one flush per command). Call under the write lock.</summary>
    public void Commit()
    {
        if (IsDropped)
        {
            _journal.DiscardPending();
            return;
        }
        if (_journal.Commit(Volatile.Read(ref _snapshotLength)) && _backgroundCompaction is not { IsCompleted: false })
        {
            StartBackgroundCompaction();
        }
    }

    /// <summary>
    /// Folds the journal into a new snapshot without stopping writers for the rewrite: under the write lock (held by
    /// the caller) only the current documents are listed (they are never mutated once stored, so the list is a
    /// consistent view) and the journal is rotated; the snapshot is then written on another thread.
    /// </summary>
    private void StartBackgroundCompaction()
    {
        if (_journal.HasRotatedJournal)
        {
            // An earlier background compaction failed and left its journal: fold everything in here, as at start-up.
            Compact();
            return;
        }
        var indexSpecs = IndexSpecs();
        var documents = SnapshotView();
        _journal.Rotate();
        _compaction.Report(FullName, CompactionStage.JournalRotated);
        _backgroundCompaction = Task.Run(() =>
        {
            try
            {
                _journal.FoldRotatedJournal(indexSpecs, documents, stage => _compaction.Report(FullName, stage));
                Volatile.Write(ref _snapshotLength, _journal.SnapshotLength);
            }
            catch (Exception ex)
            {
                // The rotated journal stays on disk, so nothing is lost; the next compaction folds it in.
                _log($"background compaction of {FullName} failed: {ex.Message}");
            }
        });
    }

    private List<BsonDocument> IndexSpecs() => _indexes.Skip(1).Select(i => i.Definition.ToSpec()).ToList();

    private BsonDocument[] SnapshotView()
    {
        var documents = new BsonDocument[_byId.Count];
        var i = 0;
        foreach (var record in _byId.Values)
        {
            documents[i++] = record.Document;
        }
        return documents;
    }

    /// <summary>Waits until a background compaction, if any, has finished (its failures are logged, not thrown).</summary>
    public void WaitForBackgroundCompaction()
    {
        _backgroundCompaction?.GetAwaiter().GetResult();
    }

    /// <summary>Folds all journals into a new snapshot in one go. Call under the write lock.</summary>
    public void Compact()
    {
        WaitForBackgroundCompaction();
        _journal.Compact(IndexSpecs(), _byId.Values.Select(r => r.Document), stage => _compaction.Report(FullName, stage));
        Volatile.Write(ref _snapshotLength, _journal.SnapshotLength);
    }

    /// <summary>Marks the collection dropped and removes its files. Call under the write lock.</summary>
    public void DropStorage()
    {
        IsDropped = true;
        WaitForBackgroundCompaction(); // it must not write a snapshot after the files are gone
        _journal.DiscardPending();
        _journal.Delete();
        _byId.Clear();
        foreach (var index in _indexes)
        {
            index.Clear();
        }
    }

    public void Dispose()
    {
        WaitForBackgroundCompaction();
        _journal.Dispose();
    }
}
