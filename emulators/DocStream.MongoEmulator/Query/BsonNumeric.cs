using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>
/// Arithmetic with MongoDB's numeric type promotion: int32 &lt; int64 &lt; double &lt; decimal128.
/// Decimal128 arithmetic goes through System.Decimal so sums of prices stay exact.
/// </summary>
internal static class BsonNumeric
{
    private enum Kind { Int32, Int64, Double, Decimal }

    private static Kind KindOf(BsonValue v) => v.BsonType switch
    {
        BsonType.Int32 => Kind.Int32,
        BsonType.Int64 => Kind.Int64,
        BsonType.Double => Kind.Double,
        BsonType.Decimal128 => Kind.Decimal,
        _ => throw new MongoCommandException(MongoErrorCodes.TypeMismatch, $"expected a number but found {v.BsonType}"),
    };

    public static BsonValue Add(BsonValue a, BsonValue b)
    {
        switch ((Kind)Math.Max((int)KindOf(a), (int)KindOf(b)))
        {
            case Kind.Int32:
            case Kind.Int64:
                var x = a.ToInt64();
                var y = b.ToInt64();
                var sum = x + y;
                if (((x ^ sum) & (y ^ sum)) < 0)
                {
                    return new BsonDouble((double)x + y);
                }
                return Narrow(sum, a.BsonType == BsonType.Int64 || b.BsonType == BsonType.Int64);
            case Kind.Double:
                return new BsonDouble(a.ToDouble() + b.ToDouble());
            default:
                return DecimalOp(a, b, (p, q) => p + q);
        }
    }

    public static BsonValue Subtract(BsonValue a, BsonValue b) => Add(a, Negate(b));

    public static BsonValue Negate(BsonValue v) => v.BsonType switch
    {
        BsonType.Int32 => v.AsInt32 == int.MinValue ? new BsonInt64(-(long)v.AsInt32) : new BsonInt32(-v.AsInt32),
        BsonType.Int64 => v.AsInt64 == long.MinValue ? new BsonDouble(-(double)v.AsInt64) : new BsonInt64(-v.AsInt64),
        BsonType.Double => new BsonDouble(-v.AsDouble),
        BsonType.Decimal128 => new BsonDecimal128(Decimal128.Negate(v.AsDecimal128)),
        _ => throw new MongoCommandException(MongoErrorCodes.TypeMismatch, $"expected a number but found {v.BsonType}"),
    };

    public static BsonValue Multiply(BsonValue a, BsonValue b)
    {
        switch ((Kind)Math.Max((int)KindOf(a), (int)KindOf(b)))
        {
            case Kind.Int32:
            case Kind.Int64:
                try
                {
                    return Narrow(checked(a.ToInt64() * b.ToInt64()), a.BsonType == BsonType.Int64 || b.BsonType == BsonType.Int64);
                }
                catch (OverflowException)
                {
                    return new BsonDouble(a.ToDouble() * b.ToDouble());
                }
            case Kind.Double:
                return new BsonDouble(a.ToDouble() * b.ToDouble());
            default:
                return DecimalOp(a, b, (p, q) => p * q);
        }
    }

    /// <summary>$divide: a double unless a decimal is involved.</summary>
    public static BsonValue Divide(BsonValue a, BsonValue b)
    {
        if (IsZero(b))
        {
            throw new MongoCommandException(MongoErrorCodes.BadValue, "can't $divide by zero");
        }
        if (a.BsonType == BsonType.Decimal128 || b.BsonType == BsonType.Decimal128)
        {
            return DecimalOp(a, b, (p, q) => p / q);
        }
        return new BsonDouble(a.ToDouble() / b.ToDouble());
    }

    public static bool IsZero(BsonValue v) => v.BsonType switch
    {
        BsonType.Int32 => v.AsInt32 == 0,
        BsonType.Int64 => v.AsInt64 == 0,
        BsonType.Double => v.AsDouble == 0,
        BsonType.Decimal128 => BsonValueComparer.TryToDecimal(v, out var d) && d == 0,
        _ => false,
    };

    private static BsonValue Narrow(long value, bool wasLong) =>
        !wasLong && value is >= int.MinValue and <= int.MaxValue ? new BsonInt32((int)value) : new BsonInt64(value);

    private static BsonValue DecimalOp(BsonValue a, BsonValue b, Func<decimal, decimal, decimal> op)
    {
        if (BsonValueComparer.TryToDecimal(a, out var p) && BsonValueComparer.TryToDecimal(b, out var q))
        {
            try
            {
                return new BsonDecimal128(new Decimal128(op(p, q)));
            }
            catch (OverflowException)
            {
                // Reported below.
            }
        }
        throw new MongoCommandException(MongoErrorCodes.BadValue, "decimal arithmetic outside the emulator's supported range");
    }
}
