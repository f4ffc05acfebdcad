using DocStream.MongoEmulator.Storage;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>
/// Picks an index for a filter (equality prefix, then at most one range or $in field) and/or a sort.
/// Candidates are always re-checked against the full filter, so bounds only need to be a superset.
/// </summary>
internal static class QueryPlanner
{
    private const int MaxRanges = 1000;

    private sealed class FieldBounds
    {
        public List<BsonValue>? Points;
        public BsonValue? Low;
        public BsonValue? High;
    }

    public static QueryPlan Plan(Collection collection, BsonDocument? filter, SortSpecification? sort)
    {
        var bounds = new Dictionary<string, FieldBounds>(StringComparer.Ordinal);
        if (filter is not null)
        {
            CollectBounds(filter, bounds);
        }
        if (sort is null && bounds.TryGetValue("_id", out var idBounds) && idBounds.Points is not null)
        {
            return new QueryPlan { IdPoints = idBounds.Points };
        }

        QueryPlan? best = null;
        var bestScore = 0;
        foreach (var index in collection.Indexes)
        {
            var (ranges, constrained, pointPrefix) = BuildRanges(index, bounds);
            if (constrained == 0)
            {
                continue;
            }
            var score = constrained * 10 + (index.Definition.Unique ? 1 : 0);
            var (providesSort, reverse) = SortSupport(index, sort, pointPrefix, ranges.Count);
            if (providesSort)
            {
                score += 5;
            }
            if (score > bestScore)
            {
                bestScore = score;
                best = new QueryPlan { Index = index, Ranges = ranges, Reverse = reverse, ProvidesSort = providesSort };
            }
        }
        if (best is not null)
        {
            return best;
        }
        if (sort is not null)
        {
            foreach (var index in collection.Indexes)
            {
                var (providesSort, reverse) = SortSupport(index, sort, 0, 1);
                if (providesSort)
                {
                    return new QueryPlan { Index = index, Ranges = null, Reverse = reverse, ProvidesSort = true };
                }
            }
        }
        return QueryPlan.FullScan;
    }

    private static (bool Provides, bool Reverse) SortSupport(CollectionIndex index, SortSpecification? sort, int pointPrefix, int rangeCount)
    {
        if (sort is null || index.IsMultikey)
        {
            return (false, false);
        }
        var fields = index.Definition.Fields;
        foreach (var start in pointPrefix > 0 && rangeCount == 1 ? new[] { pointPrefix, 0 } : [0])
        {
            if (start + sort.Fields.Count > fields.Length)
            {
                continue;
            }
            bool? reverse = null;
            var ok = true;
            for (var i = 0; i < sort.Fields.Count && ok; i++)
            {
                var f = fields[start + i];
                if (f.Path != sort.Fields[i].Path)
                {
                    ok = false;
                    break;
                }
                var flipped = f.Direction != sort.Fields[i].Direction;
                reverse ??= flipped;
                ok = reverse == flipped;
            }
            if (ok)
            {
                return (true, reverse ?? false);
            }
        }
        return (false, false);
    }

    private static (List<(BsonValue[] Low, BsonValue[] High)> Ranges, int Constrained, int PointPrefix) BuildRanges(
        CollectionIndex index, Dictionary<string, FieldBounds> bounds)
    {
        var fields = index.Definition.Fields;
        var lows = new List<List<BsonValue>> { new() };
        var highs = new List<List<BsonValue>> { new() };
        var constrained = 0;
        var pointPrefix = 0;
        var open = false;
        for (var i = 0; i < fields.Length; i++)
        {
            var direction = fields[i].Direction;
            if (open || !bounds.TryGetValue(fields[i].Path, out var b))
            {
                open = true;
                // Unconstrained: MinKey..MaxKey in index order (flipped for descending fields).
                foreach (var l in lows)
                {
                    l.Add(direction > 0 ? BsonMinKey.Value : BsonMaxKey.Value);
                }
                foreach (var h in highs)
                {
                    h.Add(direction > 0 ? BsonMaxKey.Value : BsonMinKey.Value);
                }
                continue;
            }
            List<(BsonValue Lo, BsonValue Hi)> intervals;
            if (b.Points is not null)
            {
                intervals = b.Points.Distinct(BsonValueComparer.Instance).Select(p => (p!, p!)).ToList();
                if (intervals.Count == 1)
                {
                    pointPrefix = pointPrefix == i ? i + 1 : pointPrefix;
                }
                else
                {
                    open = true;
                }
            }
            else
            {
                var lo = b.Low ?? BracketMin(b.High!);
                var hi = b.High ?? BracketMax(b.Low!);
                if (BsonValueComparer.Instance.Compare(lo, hi) > 0)
                {
                    return ([], 1, 0); // contradictory range: nothing can match
                }
                intervals = [(lo, hi)];
                open = true;
            }
            if (lows.Count * intervals.Count > MaxRanges)
            {
                open = true;
                i--;
                continue;
            }
            constrained++;
            var newLows = new List<List<BsonValue>>();
            var newHighs = new List<List<BsonValue>>();
            for (var r = 0; r < lows.Count; r++)
            {
                foreach (var (lo, hi) in intervals)
                {
                    newLows.Add([.. lows[r], direction > 0 ? lo : hi]);
                    newHighs.Add([.. highs[r], direction > 0 ? hi : lo]);
                }
            }
            lows = newLows;
            highs = newHighs;
        }
        var ranges = lows.Select((l, r) => (l.ToArray(), highs[r].ToArray())).ToList();
        var comparer = index.Comparer;
        ranges.Sort((x, y) => comparer.Compare(new IndexEntry(x.Item1, BsonMinKey.Value, null), new IndexEntry(y.Item1, BsonMinKey.Value, null)));
        return (ranges, constrained, pointPrefix);
    }

    private static void CollectBounds(BsonDocument filter, Dictionary<string, FieldBounds> bounds)
    {
        foreach (var element in filter)
        {
            if (element.Name == "$and" && element.Value is BsonArray and)
            {
                foreach (var clause in and.OfType<BsonDocument>())
                {
                    CollectBounds(clause, bounds);
                }
                continue;
            }
            if (element.Name.StartsWith('$'))
            {
                continue;
            }
            var value = element.Value;
            if (value is BsonDocument ops && ops.ElementCount > 0 && ops.GetElement(0).Name.StartsWith('$'))
            {
                foreach (var op in ops)
                {
                    switch (op.Name)
                    {
                        case "$eq" when Indexable(op.Value):
                            SetPoints(bounds, element.Name, [op.Value]);
                            break;
                        case "$in" when op.Value is BsonArray list && list.All(Indexable):
                            SetPoints(bounds, element.Name, list.ToList());
                            break;
                        case "$gt" or "$gte" when Indexable(op.Value) && !op.Value.IsBsonNull:
                            Get(bounds, element.Name).Low = op.Value;
                            break;
                        case "$lt" or "$lte" when Indexable(op.Value) && !op.Value.IsBsonNull:
                            Get(bounds, element.Name).High = op.Value;
                            break;
                    }
                }
                continue;
            }
            if (Indexable(value))
            {
                SetPoints(bounds, element.Name, [value]);
            }
        }
    }

    private static bool Indexable(BsonValue value) => value is not (BsonArray or BsonRegularExpression) && value.BsonType is not (BsonType.MinKey or BsonType.MaxKey);

    private static FieldBounds Get(Dictionary<string, FieldBounds> bounds, string path)
    {
        if (!bounds.TryGetValue(path, out var b))
        {
            b = new FieldBounds();
            bounds[path] = b;
        }
        return b;
    }

    private static void SetPoints(Dictionary<string, FieldBounds> bounds, string path, List<BsonValue> points)
    {
        var b = Get(bounds, path);
        if (b.Points is null || points.Count < b.Points.Count)
        {
            b.Points = points;
        }
    }

    /// <summary>The smallest value of the same canonical type, so a one-sided range stays within its type bracket.</summary>
    private static BsonValue BracketMin(BsonValue v) => v.BsonType switch
    {
        BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128 => new BsonDouble(double.NegativeInfinity),
        BsonType.String or BsonType.Symbol => new BsonString(""),
        BsonType.DateTime => new BsonDateTime(long.MinValue),
        _ => BsonMinKey.Value,
    };

    private static BsonValue BracketMax(BsonValue v) => v.BsonType switch
    {
        BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128 => new BsonDouble(double.PositiveInfinity),
        BsonType.String or BsonType.Symbol => new BsonDocument(),
        BsonType.DateTime => new BsonDateTime(long.MaxValue),
        _ => BsonMaxKey.Value,
    };
}
