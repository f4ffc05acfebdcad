using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;
using static DocStream.MongoEmulator.Aggregation.OperatorArgs;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>Arithmetic expression operators: <c>$add</c> (numbers and a date), <c>$subtract</c>, <c>$multiply</c>, <c>$divide</c>, <c>$mod</c>, <c>$abs</c>, rounding.</summary>
internal static class ArithmeticOperators
{
    /// <summary>The compiled operator, or null when <paramref name="op"/> is not one of this family.</summary>
    public static Func<BsonDocument, BsonValue?>? TryCompile(string op, BsonValue arg)
    {
        switch (op)
        {
            case "$add":
            {
                var args = Args(op, arg);
                return doc =>
                {
                    BsonValue acc = new BsonInt32(0);
                    BsonDateTime? date = null;
                    foreach (var a in args)
                    {
                        var v = a(doc);
                        if (IsNullish(v))
                        {
                            return BsonNull.Value;
                        }
                        if (v is BsonDateTime dt)
                        {
                            date = dt;
                            continue;
                        }
                        acc = BsonNumeric.Add(acc, v!);
                    }
                    return date is null ? acc : new BsonDateTime(date.MillisecondsSinceEpoch + (long)acc.ToDouble());
                };
            }
            case "$subtract":
            {
                var args = Args(op, arg, 2, 2);
                return doc =>
                {
                    var a = args[0](doc);
                    var b = args[1](doc);
                    if (IsNullish(a) || IsNullish(b))
                    {
                        return BsonNull.Value;
                    }
                    if (a is BsonDateTime da)
                    {
                        return b is BsonDateTime db
                            ? new BsonInt64(da.MillisecondsSinceEpoch - db.MillisecondsSinceEpoch)
                            : new BsonDateTime(da.MillisecondsSinceEpoch - (long)b!.ToDouble());
                    }
                    return BsonNumeric.Subtract(a!, b!);
                };
            }
            case "$multiply":
            {
                var args = Args(op, arg);
                return doc =>
                {
                    BsonValue acc = new BsonInt32(1);
                    foreach (var a in args)
                    {
                        var v = a(doc);
                        if (IsNullish(v))
                        {
                            return BsonNull.Value;
                        }
                        acc = BsonNumeric.Multiply(acc, v!);
                    }
                    return acc;
                };
            }
            case "$divide":
                return Binary(op, arg, (a, b) => BsonNumeric.Divide(a, b));
            case "$mod":
                return Binary(op, arg, (a, b) => BsonNumeric.IsZero(b)
                    ? throw MongoCommandException.BadValue("can't $mod by zero")
                    : a.BsonType is BsonType.Int32 or BsonType.Int64 && b.BsonType is BsonType.Int32 or BsonType.Int64
                        ? new BsonInt64(a.ToInt64() % b.ToInt64())
                        : new BsonDouble(Math.IEEERemainder(a.ToDouble(), b.ToDouble())));
            case "$abs":
                return Unary(op, arg, v => BsonValueComparer.CompareNumbers(v, new BsonInt32(0)) < 0 ? BsonNumeric.Negate(v) : v);
            case "$floor":
                return Unary(op, arg, v => Rounded(v, Math.Floor, Math.Floor));
            case "$ceil":
                return Unary(op, arg, v => Rounded(v, Math.Ceiling, Math.Ceiling));
            case "$round":
            {
                var args = Args(op, arg, 1, 2);
                return doc =>
                {
                    var v = args[0](doc);
                    if (IsNullish(v))
                    {
                        return BsonNull.Value;
                    }
                    var places = args.Length > 1 ? args[1](doc)!.ToInt32() : 0;
                    return v!.BsonType switch
                    {
                        BsonType.Decimal128 => new BsonDecimal128(new Decimal128(Math.Round(Decimal128.ToDecimal(v.AsDecimal128), places, MidpointRounding.ToEven))),
                        BsonType.Double => new BsonDouble(Math.Round(v.AsDouble, places, MidpointRounding.ToEven)),
                        _ => v,
                    };
                };
            }
            default:
                return null;
        }
    }

    private static BsonValue Rounded(BsonValue v, Func<double, double> dbl, Func<decimal, decimal> dec) => v.BsonType switch
    {
        BsonType.Double => new BsonDouble(dbl(v.AsDouble)),
        BsonType.Decimal128 => new BsonDecimal128(new Decimal128(dec(Decimal128.ToDecimal(v.AsDecimal128)))),
        _ => v,
    };
}
