using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>Running state of one accumulator for one group. Numeric sums keep MongoDB's type promotion (decimal stays exact).</summary>
internal sealed class Accumulator(AccumulatorKind kind)
{
    private static readonly HashSet<string> KnownUnsupported =
        ["$stdDevPop", "$stdDevSamp", "$mergeObjects", "$top", "$topN", "$bottom", "$bottomN", "$firstN", "$lastN", "$maxN", "$minN", "$median", "$percentile", "$accumulator"];

    // Running numeric sum kept in native types (promoted int32 -> int64 -> double -> decimal as values arrive),
    // so summing half a million Decimal128 prices does not allocate a BSON value per document.
    private int _sumKind; // 0 int32, 1 int64, 2 double, 3 decimal
    private long _longSum;
    private double _doubleSum;
    private decimal _decimalSum;
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
                    AddNumber(value!);
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

    private void AddNumber(BsonValue value)
    {
        switch (value.BsonType)
        {
            case BsonType.Int32 or BsonType.Int64:
                var n = value.ToInt64();
                if (value.BsonType == BsonType.Int64 && _sumKind == 0)
                {
                    _sumKind = 1;
                }
                switch (_sumKind)
                {
                    case <= 1:
                        var sum = _longSum + n;
                        if (((_longSum ^ sum) & (n ^ sum)) < 0)
                        {
                            _doubleSum = (double)_longSum + n; // overflow: continue in double, as MongoDB does
                            _sumKind = 2;
                        }
                        else
                        {
                            _longSum = sum;
                        }
                        break;
                    case 2:
                        _doubleSum += n;
                        break;
                    default:
                        _decimalSum += n;
                        break;
                }
                break;
            case BsonType.Double:
                if (_sumKind < 2)
                {
                    _doubleSum = _longSum;
                    _sumKind = 2;
                }
                if (_sumKind == 2)
                {
                    _doubleSum += value.AsDouble;
                }
                else if (BsonValueComparer.TryToDecimal(value, out var d))
                {
                    _decimalSum += d;
                }
                break;
            default:
                if (!BsonValueComparer.TryToDecimal(value, out var dec))
                {
                    throw MongoCommandException.NotSupported("summing a Decimal128 outside System.Decimal's range");
                }
                if (_sumKind < 3)
                {
                    _decimalSum = _sumKind == 2 ? (decimal)_doubleSum : _longSum;
                    _sumKind = 3;
                }
                _decimalSum += dec;
                break;
        }
    }

    private BsonValue Sum() => _sumKind switch
    {
        0 when _longSum is >= int.MinValue and <= int.MaxValue => new BsonInt32((int)_longSum),
        0 or 1 => new BsonInt64(_longSum),
        2 => new BsonDouble(_doubleSum),
        _ => new BsonDecimal128(new Decimal128(_decimalSum)),
    };

    public BsonValue Result() => kind switch
    {
        AccumulatorKind.Sum => Sum(),
        AccumulatorKind.Count => _count <= int.MaxValue ? new BsonInt32((int)_count) : new BsonInt64(_count),
        AccumulatorKind.Avg when _count == 0 => BsonNull.Value,
        AccumulatorKind.Avg when _sumKind == 3 => new BsonDecimal128(new Decimal128(_decimalSum / _count)),
        AccumulatorKind.Avg => new BsonDouble(Sum().ToDouble() / _count),
        AccumulatorKind.Push or AccumulatorKind.AddToSet => _items ?? [],
        _ => _value ?? BsonNull.Value,
    };
}
