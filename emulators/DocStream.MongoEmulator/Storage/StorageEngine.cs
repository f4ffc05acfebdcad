using System.Collections.Concurrent;
using DocStream.MongoEmulator.Commands;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// All databases and collections. Catalog changes (create/drop) are serialized by one lock;
/// data access goes through a per-collection reader/writer lock.
/// </summary>
internal sealed class StorageEngine : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Collection>> _databases = new(StringComparer.Ordinal);
    private readonly Lock _catalogLock = new();
    private readonly string _dataDirectory;
    private readonly Action<string> _log;
    private readonly CompactionSettings _compaction;

    public StorageEngine(string dataDirectory, Action<string> log, CompactionSettings? compaction = null)
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _log = log;
        _compaction = compaction ?? CompactionSettings.Default;
    }

    public string DataDirectory => _dataDirectory;

    /// <summary>Loads every collection from disk and compacts non-empty journals into snapshots.</summary>
    public void Load()
    {
        // Loading allocates millions of long-lived objects: blocking (non-concurrent) GC is cheapest for that burst.
        var latency = System.Runtime.GCSettings.LatencyMode;
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;
        try
        {
            LoadAll();
        }
        finally
        {
            System.Runtime.GCSettings.LatencyMode = latency;
        }
    }

    private void LoadAll()
    {
        Directory.CreateDirectory(_dataDirectory);
        foreach (var dbDir in Directory.GetDirectories(_dataDirectory))
        {
            var dbName = FileNames.Unescape(Path.GetFileName(dbDir));
            var names = Directory.GetFiles(dbDir)
                .Select(f => Path.GetFileName(f))
                .Where(f => f.EndsWith(".journal", StringComparison.Ordinal) || f.EndsWith(".snapshot", StringComparison.Ordinal)
                    || f.EndsWith(".journal-compacting", StringComparison.Ordinal))
                .Select(f => f[..f.LastIndexOf('.')])
                .Distinct();
            foreach (var escaped in names)
            {
                var collection = new Collection(dbName, FileNames.Unescape(escaped), Path.Combine(dbDir, escaped), _compaction, _log);
                collection.Load(_log);
                collection.CompactIfJournalNotEmpty();
                collection.EnsureFilesExist();
                _databases.GetOrAdd(dbName, _ => new(StringComparer.Ordinal))[collection.Name] = collection;
                _log($"loaded {collection.FullName}: {collection.Count} documents, {collection.Indexes.Count} indexes");
            }
        }
    }

    public IReadOnlyList<string> DatabaseNames => _databases.Where(d => !d.Value.IsEmpty).Select(d => d.Key).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public IReadOnlyList<Collection> CollectionsOf(string database) =>
        _databases.TryGetValue(database, out var db) ? db.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList() : [];

    public Collection? Find(string database, string collection) =>
        _databases.TryGetValue(database, out var db) && db.TryGetValue(collection, out var c) ? c : null;

    public Collection GetOrCreate(string database, string collection, out bool created)
    {
        created = false;
        var existing = Find(database, collection);
        if (existing is not null)
        {
            return existing;
        }
        ValidateNames(database, collection);
        lock (_catalogLock)
        {
            existing = Find(database, collection);
            if (existing is not null)
            {
                return existing;
            }
            var dir = Path.Combine(_dataDirectory, FileNames.Escape(database));
            var c = new Collection(database, collection, Path.Combine(dir, FileNames.Escape(collection)), _compaction, _log);
            c.EnsureFilesExist();
            _databases.GetOrAdd(database, _ => new(StringComparer.Ordinal))[collection] = c;
            created = true;
            return c;
        }
    }

    /// <summary>Runs a read under the collection's read lock; <paramref name="read"/> gets null if it does not exist.</summary>
    public T Read<T>(string database, string collection, Func<Collection?, T> read)
    {
        while (true)
        {
            var c = Find(database, collection);
            if (c is null)
            {
                return read(null);
            }
            c.Lock.EnterReadLock();
            try
            {
                if (!c.IsDropped)
                {
                    return read(c);
                }
            }
            finally
            {
                c.Lock.ExitReadLock();
            }
        }
    }

    /// <summary>Runs changes under the collection's write lock (creating it) and flushes them to disk before returning.</summary>
    public T Write<T>(string database, string collection, Func<Collection, T> write)
    {
        while (true)
        {
            var c = GetOrCreate(database, collection, out _);
            c.Lock.EnterWriteLock();
            try
            {
                if (c.IsDropped)
                {
                    continue;
                }
                try
                {
                    return write(c);
                }
                finally
                {
                    c.Commit();
                }
            }
            finally
            {
                c.Lock.ExitWriteLock();
            }
        }
    }

    public bool Drop(string database, string collection)
    {
        lock (_catalogLock)
        {
            if (!_databases.TryGetValue(database, out var db) || !db.TryRemove(collection, out var c))
            {
                return false;
            }
            c.Lock.EnterWriteLock();
            try
            {
                c.DropStorage();
            }
            finally
            {
                c.Lock.ExitWriteLock();
            }
            if (db.IsEmpty)
            {
                TryDeleteDirectory(Path.Combine(_dataDirectory, FileNames.Escape(database)));
            }
            return true;
        }
    }

    public void DropDatabase(string database)
    {
        foreach (var c in CollectionsOf(database))
        {
            Drop(database, c.Name);
        }
        lock (_catalogLock)
        {
            _databases.TryRemove(database, out _);
        }
    }

    public static void ValidateNames(string database, string collection)
    {
        if (database.Length == 0 || database.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '\0']) >= 0 || database.Length > 63)
        {
            throw new MongoCommandException(MongoErrorCodes.InvalidNamespace, $"Invalid database name: '{database}'");
        }
        if (collection.Length == 0 || collection.Contains('\0') || collection.StartsWith('.') || collection.Contains('$'))
        {
            throw new MongoCommandException(MongoErrorCodes.InvalidNamespace, $"Invalid collection name: {collection}");
        }
    }

    private void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (IOException ex)
        {
            _log($"could not remove {path}: {ex.Message}");
        }
    }

    /// <summary>Clean shutdown: fold journals into snapshots so the next start is fast.</summary>
    public void CompactAll()
    {
        foreach (var db in _databases.Values)
        {
            foreach (var c in db.Values)
            {
                c.Lock.EnterWriteLock();
                try
                {
                    if (!c.IsDropped)
                    {
                        c.CompactIfJournalNotEmpty();
                    }
                }
                finally
                {
                    c.Lock.ExitWriteLock();
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var db in _databases.Values)
        {
            foreach (var c in db.Values)
            {
                c.Dispose();
            }
        }
    }
}
