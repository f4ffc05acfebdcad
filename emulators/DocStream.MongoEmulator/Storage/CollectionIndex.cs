using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Storage;

/// <summary>
/// An ordered index over one collection: <see cref="IndexEntry"/> values in a <see cref="PagedSortedSet{T}"/>.
/// Array values produce one entry per element (a "multikey" index), as in MongoDB.
/// </summary>
internal sealed class CollectionIndex
{
    private static readonly BsonValue[] NoKeys = [];

    public CollectionIndex(IndexDefinition definition)
    {
        Definition = definition;
        Directions = definition.Fields.Select(f => f.Direction).ToArray();
        Comparer = new IndexEntryComparer(Directions);
        Entries = new PagedSortedSet<IndexEntry>(Comparer);
    }

    public IndexDefinition Definition { get; }

    public int[] Directions { get; }

    public IndexEntryComparer Comparer { get; }

    public PagedSortedSet<IndexEntry> Entries { get; private set; }

    /// <summary>Set once any document produced several keys; such an index cannot provide a sort order.</summary>
    public bool IsMultikey { get; private set; }

    /// <summary>The keys a document produces. Missing fields index as null (unless sparse and all missing).</summary>
    public IndexKeys KeysOf(BsonDocument doc)
    {
        if (Definition.IsId)
        {
            // _id is never an array, so the primary index needs no path walking (hot path of bulk upserts).
            return new IndexKeys([DocumentFields.Id(doc) ?? BsonNull.Value]);
        }
        var fields = Definition.Fields;
        if (fields.Length == 1 && fields[0].Parts.Length == 1)
        {
            // Single top-level field: no path walking unless the value is an array (multikey).
            if (!DocumentFields.TryGet(doc, fields[0].Path, out var single))
            {
                return Definition.Sparse ? IndexKeys.None : new IndexKeys([BsonNull.Value]);
            }
            if (single is not BsonArray { Count: > 0 })
            {
                return new IndexKeys([single]);
            }
        }
        return KeysOfPaths(doc, fields);
    }

    /// <summary>The general case: dotted paths, arrays, compound keys (apart so the fast paths allocate no closure).</summary>
    private IndexKeys KeysOfPaths(BsonDocument doc, (string Path, string[] Parts, int Direction)[] fields)
    {
        var perField = new List<BsonValue>[fields.Length];
        var anyPresent = false;
        for (var i = 0; i < fields.Length; i++)
        {
            var values = new List<BsonValue>(1);
            FieldPath.Any(doc, fields[i].Parts, 0, v =>
            {
                switch (v)
                {
                    case null:
                        values.Add(BsonNull.Value);
                        break;
                    case BsonArray { Count: > 0 }:
                        break; // its elements are visited next
                    default:
                        values.Add(v);
                        anyPresent = true;
                        break;
                }
                return false;
            }, expandArrays: true);
            perField[i] = values.Count > 0 ? Distinct(values) : [BsonNull.Value];
        }
        if (Definition.Sparse && !anyPresent)
        {
            return IndexKeys.None;
        }
        var result = new List<BsonValue[]> { NoKeys };
        for (var i = 0; i < fields.Length; i++)
        {
            var next = new List<BsonValue[]>(result.Count * perField[i].Count);
            foreach (var prefix in result)
            {
                foreach (var value in perField[i])
                {
                    var key = new BsonValue[i + 1];
                    prefix.CopyTo(key, 0);
                    key[i] = value;
                    next.Add(key);
                }
            }
            result = next;
        }
        return new IndexKeys(result);
    }

    private static List<BsonValue> Distinct(List<BsonValue> values) =>
        values.Count == 1 ? values : values.Distinct(BsonValueComparer.Instance).Select(v => v!).ToList();

    /// <summary>Finds a document other than <paramref name="id"/> holding <paramref name="key"/>.</summary>
    public bool HasOtherHolder(BsonValue[] key, BsonValue id)
    {
        var low = new IndexEntry(key, BsonMinKey.Value, null);
        var high = new IndexEntry(key, BsonMaxKey.Value, null);
        foreach (var entry in Entries.Range(low, high, descending: false))
        {
            if (BsonValueComparer.Instance.Compare(entry.Id, id) != 0)
            {
                return true;
            }
        }
        return false;
    }

    public void Add(DocumentRecord record, IndexKeys keys)
    {
        if (keys.Count > 1)
        {
            IsMultikey = true;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            Entries.Add(new IndexEntry(keys[i], record.Id, record));
        }
    }

    public void Remove(DocumentRecord record, IndexKeys keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            Entries.Remove(new IndexEntry(keys[i], record.Id, null));
        }
    }

    public void Clear() => Entries.Clear();

    /// <summary>
    /// Builds the index from scratch for many documents at once: one array sort and a balanced tree built
    /// in linear time, far cheaper than inserting entries one by one (used at load and by createIndexes).
    /// Returns the first unique-key violation found, if <paramref name="checkUnique"/> is set.
    /// </summary>
    public (BsonValue[] Key, BsonValue Id)? BulkBuild(IEnumerable<DocumentRecord> records, bool checkUnique)
    {
        var entries = new List<IndexEntry>();
        foreach (var record in records)
        {
            var keys = KeysOf(record.Document);
            if (keys.Count > 1)
            {
                IsMultikey = true;
            }
            for (var i = 0; i < keys.Count; i++)
            {
                entries.Add(new IndexEntry(keys[i], record.Id, record));
            }
        }
        entries.Sort(Comparer);
        if (checkUnique)
        {
            for (var i = 1; i < entries.Count; i++)
            {
                if (SameKey(entries[i - 1].Keys, entries[i].Keys) && BsonValueComparer.Instance.Compare(entries[i - 1].Id, entries[i].Id) != 0)
                {
                    return (entries[i].Keys, entries[i].Id);
                }
            }
        }
        Entries = new PagedSortedSet<IndexEntry>(entries, Comparer);
        return null;
    }

    private static bool SameKey(BsonValue[] a, BsonValue[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (BsonValueComparer.Instance.Compare(a[i], b[i]) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Entries between two bounds (inclusive), in index order or reversed.</summary>
    public IEnumerable<IndexEntry> Scan(BsonValue[]? low, BsonValue[]? high, bool reverse)
    {
        if (low is null && high is null)
        {
            return reverse ? Entries.Reverse() : Entries;
        }
        return Entries.Range(new IndexEntry(low!, BsonMinKey.Value, null), new IndexEntry(high!, BsonMaxKey.Value, null), reverse);
    }
}
