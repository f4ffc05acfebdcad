using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>Running state of one accumulator for one group. Numeric sums keep MongoDB's type promotion (decimal stays exact).</summary>
internal sealed class Accumulator(AccumulatorKind kind)
{
    private static readonly HashSet<string> KnownUnsupported =
        ["$stdDevPop", "$stdDevSamp", "$mergeObjects", "$top", "$topN", "$bottom", "$bottomN", "$firstN", "$lastN", "$maxN", "$minN", "$median", "$percentile", "$accumulator"];

    private BsonValue _sum = new BsonInt32(0);
    private long _count;
    private BsonValue? _value;
    private bool _seen;
    private BsonArray? _items;
    private HashSet<BsonValue?>? _set;

    public static AccumulatorKind KindOf(string op) => op switch
    {
        "$sum" => AccumulatorKind.Sum,
        "$avg" => AccumulatorKind.Avg,
        "$min" => AccumulatorKind.Min,
        "$max" => AccumulatorKind.Max,
        "$first" => AccumulatorKind.First,
        "$last" => AccumulatorKind.Last,
        "$push" => AccumulatorKind.Push,
        "$addToSet" => AccumulatorKind.AddToSet,
        "$count" => AccumulatorKind.Count,
        _ when KnownUnsupported.Contains(op) => throw MongoCommandException.NotSupported($"accumulator {op}"),
        _ => throw new MongoCommandException(15952, $"unknown group operator '{op}'"),
    };

    public void Add(BsonValue? value)
    {
        switch (kind)
        {
            case AccumulatorKind.Sum:
            case AccumulatorKind.Avg:
                if (BsonValueComparer.IsNumber(value))
                {
                    _sum = BsonNumeric.Add(_sum, value!);
                    _count++;
                }
                break;
            case AccumulatorKind.Count:
                _count++;
                break;
            case AccumulatorKind.Min:
            case AccumulatorKind.Max:
                if (value is null || value.IsBsonNull || value.IsBsonUndefined)
                {
                    break;
                }
                var c = _value is null ? 0 : BsonValueComparer.Instance.Compare(value, _value);
                if (_value is null || (kind == AccumulatorKind.Min ? c < 0 : c > 0))
                {
                    _value = value;
                }
                break;
            case AccumulatorKind.First:
                if (!_seen)
                {
                    _value = value ?? BsonNull.Value;
                    _seen = true;
                }
                break;
            case AccumulatorKind.Last:
                _value = value ?? BsonNull.Value;
                _seen = true;
                break;
            case AccumulatorKind.Push:
                _items ??= [];
                if (value is not null)
                {
                    _items.Add(value);
                }
                break;
            case AccumulatorKind.AddToSet:
                _items ??= [];
                _set ??= new HashSet<BsonValue?>(BsonValueComparer.Instance);
                if (value is not null && _set.Add(value))
                {
                    _items.Add(value);
                }
                break;
        }
    }

    public BsonValue Result() => kind switch
    {
        AccumulatorKind.Sum => _sum,
        AccumulatorKind.Count => _count <= int.MaxValue ? new BsonInt32((int)_count) : new BsonInt64(_count),
        AccumulatorKind.Avg when _count == 0 => BsonNull.Value,
        AccumulatorKind.Avg when _sum.BsonType == BsonType.Decimal128 => BsonNumeric.Divide(_sum, new BsonDecimal128(new Decimal128(_count))),
        AccumulatorKind.Avg => new BsonDouble(_sum.ToDouble() / _count),
        AccumulatorKind.Push or AccumulatorKind.AddToSet => _items ?? [],
        _ => _value ?? BsonNull.Value,
    };
}
