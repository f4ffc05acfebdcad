using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>
/// Orders and compares BSON values the way MongoDB does: first by canonical type rank
/// (MinKey &lt; null &lt; numbers &lt; strings &lt; objects &lt; arrays &lt; ... &lt; MaxKey), then by value.
/// Numbers of different BSON types compare by value (1 == 1L == 1.0 == 1m).
/// A C# null stands for a missing field and ranks like BSON null.
/// </summary>
internal sealed class BsonValueComparer : IComparer<BsonValue?>, IEqualityComparer<BsonValue?>
{
    public static readonly BsonValueComparer Instance = new();

    public static int TypeRank(BsonValue? value) => value is null ? 5 : value.BsonType switch
    {
        BsonType.MinKey => 0,
        BsonType.Null or BsonType.Undefined => 5,
        BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128 => 10,
        BsonType.String or BsonType.Symbol => 15,
        BsonType.Document => 20,
        BsonType.Array => 25,
        BsonType.Binary => 30,
        BsonType.ObjectId => 35,
        BsonType.Boolean => 40,
        BsonType.DateTime => 45,
        BsonType.Timestamp => 47,
        BsonType.RegularExpression => 50,
        BsonType.JavaScript or BsonType.JavaScriptWithScope => 55,
        BsonType.MaxKey => 100,
        _ => 60,
    };

    public static bool IsNumber(BsonValue? value) => value is not null && value.BsonType is
        BsonType.Int32 or BsonType.Int64 or BsonType.Double or BsonType.Decimal128;

    public int Compare(BsonValue? x, BsonValue? y)
    {
        // Fast paths for the common same-type keys (index builds compare millions of these).
        switch (x)
        {
            case BsonString sx when y is BsonString sy:
                return string.CompareOrdinal(sx.Value, sy.Value);
            case BsonInt32 ix when y is BsonInt32 iy:
                return ix.Value.CompareTo(iy.Value);
            case BsonDateTime dx when y is BsonDateTime dy:
                return dx.MillisecondsSinceEpoch.CompareTo(dy.MillisecondsSinceEpoch);
            case BsonObjectId ox when y is BsonObjectId oy:
                return ox.Value.CompareTo(oy.Value);
        }
        var rx = TypeRank(x);
        var ry = TypeRank(y);
        if (rx != ry)
        {
            return rx.CompareTo(ry);
        }
        if (x is null || y is null)
        {
            return 0;
        }
        switch (rx)
        {
            case 10:
                return CompareNumbers(x, y);
            case 15:
                return string.CompareOrdinal(x.BsonType == BsonType.Symbol ? x.AsBsonSymbol.Name : x.AsString,
                    y.BsonType == BsonType.Symbol ? y.AsBsonSymbol.Name : y.AsString);
            case 20:
                return CompareDocuments(x.AsBsonDocument, y.AsBsonDocument);
            case 25:
                return CompareArrays(x.AsBsonArray, y.AsBsonArray);
            case 30:
                return CompareBinary(x.AsBsonBinaryData, y.AsBsonBinaryData);
            case 35:
                return x.AsObjectId.CompareTo(y.AsObjectId);
            case 40:
                return x.AsBoolean.CompareTo(y.AsBoolean);
            case 45:
                return x.AsBsonDateTime.MillisecondsSinceEpoch.CompareTo(y.AsBsonDateTime.MillisecondsSinceEpoch);
            case 47:
                return x.AsBsonTimestamp.Value.CompareTo(y.AsBsonTimestamp.Value);
            case 50:
                var c = string.CompareOrdinal(x.AsBsonRegularExpression.Pattern, y.AsBsonRegularExpression.Pattern);
                return c != 0 ? c : string.CompareOrdinal(x.AsBsonRegularExpression.Options, y.AsBsonRegularExpression.Options);
            case 55:
                return string.CompareOrdinal(x.AsBsonJavaScript.Code, y.AsBsonJavaScript.Code);
            default:
                return 0;
        }
    }

    public bool Equals(BsonValue? x, BsonValue? y) => Compare(x, y) == 0;

    public int GetHashCode(BsonValue? value)
    {
        if (value is null)
        {
            return 5;
        }
        switch (value.BsonType)
        {
            case BsonType.Null or BsonType.Undefined:
                return 5;
            case BsonType.Int32:
                return ((long)value.AsInt32).GetHashCode();
            case BsonType.Int64:
                return value.AsInt64.GetHashCode();
            case BsonType.Double or BsonType.Decimal128:
                return HashNumber(value);
            case BsonType.Symbol:
                return value.AsBsonSymbol.Name.GetHashCode(StringComparison.Ordinal);
            case BsonType.String:
                return value.AsString.GetHashCode(StringComparison.Ordinal);
            case BsonType.Document:
                var h = new HashCode();
                foreach (var element in value.AsBsonDocument)
                {
                    h.Add(element.Name);
                    h.Add(GetHashCode(element.Value));
                }
                return h.ToHashCode();
            case BsonType.Array:
                var ha = new HashCode();
                foreach (var item in value.AsBsonArray)
                {
                    ha.Add(GetHashCode(item));
                }
                return ha.ToHashCode();
            default:
                return value.GetHashCode();
        }
    }

    private static int HashNumber(BsonValue value)
    {
        // Equal numbers of different types must hash alike: integral values hash as long.
        if (value.BsonType == BsonType.Decimal128 && TryToDecimal(value, out var d))
        {
            return decimal.Truncate(d) == d && d >= long.MinValue && d <= long.MaxValue
                ? ((long)d).GetHashCode()
                : ((double)d).GetHashCode();
        }
        var dbl = value.ToDouble();
        if (Math.Floor(dbl) == dbl && dbl >= long.MinValue && dbl <= long.MaxValue)
        {
            return ((long)dbl).GetHashCode();
        }
        return dbl.GetHashCode();
    }

    public static int CompareNumbers(BsonValue x, BsonValue y)
    {
        var tx = x.BsonType;
        var ty = y.BsonType;
        if (tx is BsonType.Int32 or BsonType.Int64 && ty is BsonType.Int32 or BsonType.Int64)
        {
            return x.ToInt64().CompareTo(y.ToInt64());
        }
        if ((tx == BsonType.Decimal128 || ty == BsonType.Decimal128)
            && TryToDecimal(x, out var dx) && TryToDecimal(y, out var dy))
        {
            return dx.CompareTo(dy);
        }
        var a = x.ToDouble();
        var b = y.ToDouble();
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : -1;
        }
        return double.IsNaN(b) ? 1 : a.CompareTo(b);
    }

    public static bool TryToDecimal(BsonValue value, out decimal result)
    {
        switch (value.BsonType)
        {
            case BsonType.Int32:
                result = value.AsInt32;
                return true;
            case BsonType.Int64:
                result = value.AsInt64;
                return true;
            case BsonType.Double:
                var d = value.AsDouble;
                if (double.IsFinite(d) && Math.Abs(d) < 7.9e28)
                {
                    result = (decimal)d;
                    return true;
                }
                break;
            case BsonType.Decimal128:
                var dec = value.AsDecimal128;
                if (!Decimal128.IsNaN(dec) && !Decimal128.IsInfinity(dec))
                {
                    try
                    {
                        result = Decimal128.ToDecimal(dec);
                        return true;
                    }
                    catch (OverflowException)
                    {
                        // Outside System.Decimal's range: callers fall back to double.
                    }
                }
                break;
        }
        result = 0;
        return false;
    }

    private int CompareDocuments(BsonDocument x, BsonDocument y)
    {
        var n = Math.Min(x.ElementCount, y.ElementCount);
        for (var i = 0; i < n; i++)
        {
            var ex = x.GetElement(i);
            var ey = y.GetElement(i);
            var c = TypeRank(ex.Value).CompareTo(TypeRank(ey.Value));
            if (c != 0)
            {
                return c;
            }
            c = string.CompareOrdinal(ex.Name, ey.Name);
            if (c != 0)
            {
                return c;
            }
            c = Compare(ex.Value, ey.Value);
            if (c != 0)
            {
                return c;
            }
        }
        return x.ElementCount.CompareTo(y.ElementCount);
    }

    private int CompareArrays(BsonArray x, BsonArray y)
    {
        var n = Math.Min(x.Count, y.Count);
        for (var i = 0; i < n; i++)
        {
            var c = Compare(x[i], y[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return x.Count.CompareTo(y.Count);
    }

    private static int CompareBinary(BsonBinaryData x, BsonBinaryData y)
    {
        var c = x.Bytes.Length.CompareTo(y.Bytes.Length);
        if (c != 0)
        {
            return c;
        }
        c = ((int)x.SubType).CompareTo((int)y.SubType);
        return c != 0 ? c : x.Bytes.AsSpan().SequenceCompareTo(y.Bytes);
    }
}
