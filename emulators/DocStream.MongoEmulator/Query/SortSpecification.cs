using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>A compiled sort document: computes sort keys once per document and compares them.</summary>
internal sealed class SortSpecification
{
    private readonly (string Path, string[] Parts, int Direction)[] _fields;

    private SortSpecification((string, string[], int)[] fields) => _fields = fields;

    public IReadOnlyList<(string Path, string[] Parts, int Direction)> Fields => _fields;

    public static SortSpecification? Parse(BsonDocument? sort)
    {
        if (sort is null || sort.ElementCount == 0)
        {
            return null;
        }
        var fields = new List<(string, string[], int)>();
        foreach (var element in sort)
        {
            if (element.Value is BsonDocument)
            {
                throw MongoCommandException.NotSupported($"sort by {element.Value} ($meta)");
            }
            if (!BsonValueComparer.IsNumber(element.Value))
            {
                throw MongoCommandException.BadValue($"Illegal key in $sort specification: {element.Name}: {element.Value}");
            }
            var direction = element.Value.ToDouble();
            if (direction is not (1 or -1))
            {
                throw MongoCommandException.BadValue("$sort key ordering must be 1 (for ascending) or -1 (for descending)");
            }
            fields.Add((element.Name, FieldPath.Split(element.Name), (int)direction));
        }
        return new SortSpecification(fields.ToArray());
    }

    /// <summary>An array sorts by its smallest element ascending and its largest descending, as in MongoDB.</summary>
    public BsonValue?[] KeyOf(BsonDocument doc)
    {
        var keys = new BsonValue?[_fields.Length];
        for (var i = 0; i < _fields.Length; i++)
        {
            var (_, parts, direction) = _fields[i];
            BsonValue? best = null;
            var found = false;
            FieldPath.Any(doc, parts, 0, v =>
            {
                if (v is BsonArray { Count: > 0 })
                {
                    return false; // the elements are visited next
                }
                if (!found || (direction > 0 ? BsonValueComparer.Instance.Compare(v, best) < 0 : BsonValueComparer.Instance.Compare(v, best) > 0))
                {
                    best = v;
                    found = true;
                }
                return false;
            }, expandArrays: true);
            keys[i] = best;
        }
        return keys;
    }

    public int CompareKeys(BsonValue?[] a, BsonValue?[] b)
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            var c = BsonValueComparer.Instance.Compare(a[i], b[i]);
            if (c != 0)
            {
                return c * _fields[i].Direction;
            }
        }
        return 0;
    }

    /// <summary>Stable sort; with <paramref name="topK"/> only the first K are kept, using a bounded heap.</summary>
    public List<BsonDocument> Sort(IEnumerable<BsonDocument> docs, int? topK = null)
    {
        var comparer = Comparer<(BsonValue?[] Key, long Seq)>.Create((x, y) =>
        {
            var c = CompareKeys(x.Key, y.Key);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        });
        if (topK is { } k && k > 0)
        {
            // Max-heap of the best K so far: the root is the worst kept item.
            var heap = new PriorityQueue<BsonDocument, (BsonValue?[] Key, long Seq)>(Comparer<(BsonValue?[] Key, long Seq)>.Create((x, y) => comparer.Compare(y, x)));
            long seq = 0;
            foreach (var doc in docs)
            {
                var entry = (KeyOf(doc), seq++);
                if (heap.Count < k)
                {
                    heap.Enqueue(doc, entry);
                }
                else if (heap.TryPeek(out _, out var worst) && comparer.Compare(entry, worst) < 0)
                {
                    heap.EnqueueDequeue(doc, entry);
                }
            }
            var kept = new List<((BsonValue?[] Key, long Seq) Key, BsonDocument Doc)>(heap.Count);
            while (heap.TryDequeue(out var d, out var key))
            {
                kept.Add((key, d));
            }
            kept.Reverse();
            return kept.Select(x => x.Doc).ToList();
        }
        var all = new List<((BsonValue?[] Key, long Seq) Key, BsonDocument Doc)>();
        long n = 0;
        foreach (var doc in docs)
        {
            all.Add(((KeyOf(doc), n++), doc));
        }
        all.Sort((x, y) => comparer.Compare(x.Key, y.Key));
        return all.Select(x => x.Doc).ToList();
    }
}
