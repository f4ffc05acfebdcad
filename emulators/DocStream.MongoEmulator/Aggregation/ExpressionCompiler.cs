using System.Globalization;
using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>
/// Compiles aggregation expressions ("$a.b", literals, {$op: args}, object and array expressions)
/// into delegates over the current document. A null result means "missing".
/// </summary>
internal static class ExpressionCompiler
{
    private static readonly BsonValueComparer Cmp = BsonValueComparer.Instance;

    /// <summary>Real MongoDB expression operators this emulator does not implement (answered with code 115).</summary>
    private static readonly HashSet<string> KnownUnsupported =
    [
        "$map", "$filter", "$reduce", "$let", "$zip", "$range", "$reverseArray", "$slice", "$concatArrays",
        "$objectToArray", "$arrayToObject", "$mergeObjects", "$setUnion", "$setIntersection", "$setDifference",
        "$setEquals", "$setIsSubset", "$anyElementTrue", "$allElementsTrue", "$indexOfArray", "$isArray",
        "$regexMatch", "$regexFind", "$regexFindAll", "$split", "$trim", "$ltrim", "$rtrim", "$indexOfBytes",
        "$indexOfCP", "$strLenBytes", "$replaceOne", "$replaceAll", "$strcasecmp", "$dateFromString",
        "$dateFromParts", "$dateToParts", "$dateAdd", "$dateSubtract", "$dateDiff", "$isoWeek", "$isoWeekYear",
        "$isoDayOfWeek", "$week", "$dayOfYear", "$millisecond", "$convert", "$toObjectId", "$toBool", "$type",
        "$exp", "$ln", "$log", "$log10", "$pow", "$sqrt", "$trunc", "$function", "$accumulator", "$meta",
        "$getField", "$setField", "$unsetField", "$rand", "$sampleRate", "$binarySize", "$bsonSize",
        "$stdDevPop", "$stdDevSamp", "$firstN", "$lastN", "$maxN", "$minN", "$sortArray", "$median", "$percentile",
    ];

    public static Func<BsonDocument, BsonValue?> Compile(BsonValue expression)
    {
        switch (expression)
        {
            case BsonString s when s.Value.StartsWith("$$", StringComparison.Ordinal):
                return CompileVariable(s.Value);
            case BsonString s when s.Value.StartsWith('$'):
                var parts = FieldPath.Split(s.Value[1..]);
                if (parts.Length == 1)
                {
                    return new TopLevelField(parts[0]).Get;
                }
                return doc => FieldPath.Get(doc, parts);
            case BsonDocument d when d.ElementCount == 1 && d.GetElement(0).Name.StartsWith('$'):
                return CompileOperator(d.GetElement(0).Name, d[0]);
            case BsonDocument d:
                var fields = d.Select(e =>
                {
                    if (e.Name.StartsWith('$'))
                    {
                        throw new MongoCommandException(MongoErrorCodes.InvalidPipelineOperator, $"Unrecognized expression '{e.Name}'");
                    }
                    return (e.Name, Compile(e.Value));
                }).ToArray();
                return doc =>
                {
                    var result = new BsonDocument();
                    foreach (var (name, eval) in fields)
                    {
                        var v = eval(doc);
                        if (v is not null)
                        {
                            result[name] = v;
                        }
                    }
                    return result;
                };
            case BsonArray a:
                var items = a.Select(Compile).ToArray();
                return doc => new BsonArray(items.Select(i => i(doc) ?? BsonNull.Value));
            default:
                return _ => expression;
        }
    }

    private static Func<BsonDocument, BsonValue?> CompileVariable(string text)
    {
        var dot = text.IndexOf('.');
        var name = dot < 0 ? text[2..] : text[2..dot];
        var rest = dot < 0 ? [] : FieldPath.Split(text[(dot + 1)..]);
        Func<BsonDocument, BsonValue?> root = name switch
        {
            "ROOT" or "CURRENT" => doc => doc,
            "REMOVE" => _ => null,
            "NOW" => _ => new BsonDateTime(DateTime.UtcNow),
            _ => throw MongoCommandException.NotSupported($"variable $${name}"),
        };
        return rest.Length == 0 ? root : doc => FieldPath.Get(root(doc), rest);
    }

    public static bool IsTrue(BsonValue? v) => v switch
    {
        null => false,
        BsonNull or BsonUndefined => false,
        BsonBoolean b => b.Value,
        _ when BsonValueComparer.IsNumber(v) => !BsonNumeric.IsZero(v),
        _ => true,
    };

    private static Func<BsonDocument, BsonValue?>[] Args(string op, BsonValue arg, int? min = null, int? max = null)
    {
        var list = arg is BsonArray a ? a.Select(Compile).ToArray() : [Compile(arg)];
        if ((min is { } lo && list.Length < lo) || (max is { } hi && list.Length > hi))
        {
            throw new MongoCommandException(16020, $"Expression {op} takes {(min == max ? $"exactly {min}" : $"{min}..{max}")} arguments. {list.Length} were passed in.");
        }
        return list;
    }

    private static bool IsNullish(BsonValue? v) => v is null || v.IsBsonNull || v.IsBsonUndefined;

    private static Func<BsonDocument, BsonValue?> CompileOperator(string op, BsonValue arg)
    {
        switch (op)
        {
            case "$literal":
                return _ => arg;
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
            case "$eq":
                return Comparison(op, arg, c => c == 0);
            case "$ne":
                return Comparison(op, arg, c => c != 0);
            case "$gt":
                return Comparison(op, arg, c => c > 0);
            case "$gte":
                return Comparison(op, arg, c => c >= 0);
            case "$lt":
                return Comparison(op, arg, c => c < 0);
            case "$lte":
                return Comparison(op, arg, c => c <= 0);
            case "$cmp":
            {
                var args = Args(op, arg, 2, 2);
                return doc => new BsonInt32(Math.Sign(Cmp.Compare(args[0](doc), args[1](doc))));
            }
            case "$and":
            {
                var args = Args(op, arg);
                return doc => BsonBoolean.Create(args.All(a => IsTrue(a(doc))));
            }
            case "$or":
            {
                var args = Args(op, arg);
                return doc => BsonBoolean.Create(args.Any(a => IsTrue(a(doc))));
            }
            case "$not":
            {
                var args = Args(op, arg, 1, 1);
                return doc => BsonBoolean.Create(!IsTrue(args[0](doc)));
            }
            case "$cond":
            {
                Func<BsonDocument, BsonValue?> cond, then, otherwise;
                if (arg is BsonDocument cd)
                {
                    cond = Compile(cd.GetValue("if", BsonNull.Value));
                    then = Compile(cd.GetValue("then", BsonNull.Value));
                    otherwise = Compile(cd.GetValue("else", BsonNull.Value));
                }
                else
                {
                    var args = Args(op, arg, 3, 3);
                    (cond, then, otherwise) = (args[0], args[1], args[2]);
                }
                return doc => IsTrue(cond(doc)) ? then(doc) : otherwise(doc);
            }
            case "$ifNull":
            {
                var args = Args(op, arg, 2);
                return doc =>
                {
                    for (var i = 0; i < args.Length - 1; i++)
                    {
                        var v = args[i](doc);
                        if (!IsNullish(v))
                        {
                            return v;
                        }
                    }
                    return args[^1](doc);
                };
            }
            case "$switch":
            {
                if (arg is not BsonDocument sd || sd.GetValue("branches", null) is not BsonArray branches)
                {
                    throw MongoCommandException.BadValue("$switch requires at least one branch");
                }
                var compiled = branches.Select(b => (Compile(b["case"]), Compile(b["then"]))).ToArray();
                var fallback = sd.Contains("default") ? Compile(sd["default"]) : null;
                return doc =>
                {
                    foreach (var (when, then) in compiled)
                    {
                        if (IsTrue(when(doc)))
                        {
                            return then(doc);
                        }
                    }
                    return fallback is not null ? fallback(doc) : throw MongoCommandException.BadValue("$switch could not find a matching branch for an input, and no default was specified.");
                };
            }
            case "$concat":
            {
                var args = Args(op, arg);
                return doc =>
                {
                    var sb = new System.Text.StringBuilder();
                    foreach (var a in args)
                    {
                        var v = a(doc);
                        if (IsNullish(v))
                        {
                            return BsonNull.Value;
                        }
                        sb.Append(v is BsonString s ? s.Value : throw new MongoCommandException(16702, $"$concat only supports strings, not {v!.BsonType}"));
                    }
                    return new BsonString(sb.ToString());
                };
            }
            case "$toUpper":
                return Unary(op, arg, v => new BsonString(ToText(v).ToUpperInvariant()), nullResult: new BsonString(""));
            case "$toLower":
                return Unary(op, arg, v => new BsonString(ToText(v).ToLowerInvariant()), nullResult: new BsonString(""));
            case "$strLenCP":
                return Unary(op, arg, v => new BsonInt32(v.AsString.EnumerateRunes().Count()));
            case "$substr":
            case "$substrBytes":
            case "$substrCP":
            {
                var args = Args(op, arg, 3, 3);
                return doc =>
                {
                    var v = args[0](doc);
                    var text = IsNullish(v) ? "" : ToText(v!);
                    var start = args[1](doc)!.ToInt32();
                    var length = args[2](doc)!.ToInt32();
                    if (start < 0 || start >= text.Length)
                    {
                        return new BsonString("");
                    }
                    var count = length < 0 ? text.Length - start : Math.Min(length, text.Length - start);
                    return new BsonString(text.Substring(start, count));
                };
            }
            case "$toString":
                return Unary(op, arg, v => new BsonString(ToText(v)));
            case "$toDouble":
                return Unary(op, arg, v => v is BsonString s ? new BsonDouble(double.Parse(s.Value, CultureInfo.InvariantCulture)) : v is BsonDateTime dt ? new BsonDouble(dt.MillisecondsSinceEpoch) : new BsonDouble(v.ToDouble()));
            case "$toDecimal":
                return Unary(op, arg, v => v is BsonString s ? new BsonDecimal128(Decimal128.Parse(s.Value)) : new BsonDecimal128(v.ToDecimal128()));
            case "$toInt":
                return Unary(op, arg, v => v is BsonString s ? new BsonInt32(int.Parse(s.Value, CultureInfo.InvariantCulture)) : new BsonInt32((int)v.ToDouble()));
            case "$toLong":
                return Unary(op, arg, v => v is BsonString s ? new BsonInt64(long.Parse(s.Value, CultureInfo.InvariantCulture)) : v is BsonDateTime dt ? new BsonInt64(dt.MillisecondsSinceEpoch) : new BsonInt64((long)v.ToDouble()));
            case "$toDate":
                return Unary(op, arg, v => v switch
                {
                    BsonDateTime => v,
                    BsonString s => new BsonDateTime(DateTime.Parse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)),
                    BsonObjectId oid => new BsonDateTime(oid.Value.CreationTime),
                    _ => new BsonDateTime((long)v.ToDouble()),
                });
            case "$year":
                return DatePart(op, arg, d => d.Year);
            case "$month":
                return DatePart(op, arg, d => d.Month);
            case "$dayOfMonth":
                return DatePart(op, arg, d => d.Day);
            case "$dayOfWeek":
                return DatePart(op, arg, d => (int)d.DayOfWeek + 1);
            case "$hour":
                return DatePart(op, arg, d => d.Hour);
            case "$minute":
                return DatePart(op, arg, d => d.Minute);
            case "$second":
                return DatePart(op, arg, d => d.Second);
            case "$dateToString":
                return DateFunctions.CompileDateToString(arg);
            case "$dateTrunc":
                return DateFunctions.CompileDateTrunc(arg);
            case "$size":
                return Unary(op, arg, v => v is BsonArray a ? new BsonInt32(a.Count) : throw new MongoCommandException(17124, $"The argument to $size must be an array. Type of argument is {v.BsonType}"));
            case "$arrayElemAt":
            {
                var args = Args(op, arg, 2, 2);
                return doc =>
                {
                    if (args[0](doc) is not BsonArray a)
                    {
                        return BsonNull.Value;
                    }
                    var i = args[1](doc)!.ToInt32();
                    if (i < 0)
                    {
                        i += a.Count;
                    }
                    return i >= 0 && i < a.Count ? a[i] : null;
                };
            }
            case "$in":
            {
                var args = Args(op, arg, 2, 2);
                return doc => args[1](doc) is BsonArray a
                    ? BsonBoolean.Create(a.Any(x => Cmp.Compare(x, args[0](doc)) == 0))
                    : throw new MongoCommandException(40081, "$in requires an array as a second argument");
            }
            case "$sum":
            case "$avg":
            case "$min":
            case "$max":
            case "$first":
            case "$last":
            {
                // Expression form: over an array operand, or over several operands.
                var kind = Accumulator.KindOf(op);
                var list = arg is BsonArray multi ? multi.Select(Compile).ToArray() : null;
                var single = list is null ? Compile(arg) : null;
                return doc =>
                {
                    var acc = new Accumulator(kind);
                    IEnumerable<BsonValue?> values = list is not null
                        ? list.Select(l => l(doc))
                        : single!(doc) is BsonArray arr ? arr : [single(doc)];
                    foreach (var v in values)
                    {
                        acc.Add(v);
                    }
                    return acc.Result();
                };
            }
            default:
                if (KnownUnsupported.Contains(op))
                {
                    throw MongoCommandException.NotSupported($"expression operator {op}");
                }
                throw new MongoCommandException(MongoErrorCodes.InvalidPipelineOperator, $"Unrecognized expression '{op}'");
        }
    }

    private static BsonValue Rounded(BsonValue v, Func<double, double> dbl, Func<decimal, decimal> dec) => v.BsonType switch
    {
        BsonType.Double => new BsonDouble(dbl(v.AsDouble)),
        BsonType.Decimal128 => new BsonDecimal128(new Decimal128(dec(Decimal128.ToDecimal(v.AsDecimal128)))),
        _ => v,
    };

    public static string ToText(BsonValue v) => v switch
    {
        BsonString s => s.Value,
        BsonDateTime dt => dt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        BsonDouble d => d.Value.ToString("R", CultureInfo.InvariantCulture),
        BsonDecimal128 d => d.Value.ToString(),
        BsonInt32 i => i.Value.ToString(CultureInfo.InvariantCulture),
        BsonInt64 l => l.Value.ToString(CultureInfo.InvariantCulture),
        BsonBoolean b => b.Value ? "true" : "false",
        BsonObjectId o => o.Value.ToString(),
        _ => throw new MongoCommandException(MongoErrorCodes.TypeMismatch, $"Unsupported conversion from {v.BsonType} to string"),
    };

    private static Func<BsonDocument, BsonValue?> Unary(string op, BsonValue arg, Func<BsonValue, BsonValue> f, BsonValue? nullResult = null)
    {
        var args = Args(op, arg, 1, 1);
        return doc =>
        {
            var v = args[0](doc);
            return IsNullish(v) ? nullResult ?? BsonNull.Value : f(v!);
        };
    }

    private static Func<BsonDocument, BsonValue?> Binary(string op, BsonValue arg, Func<BsonValue, BsonValue, BsonValue> f)
    {
        var args = Args(op, arg, 2, 2);
        return doc =>
        {
            var a = args[0](doc);
            var b = args[1](doc);
            return IsNullish(a) || IsNullish(b) ? BsonNull.Value : f(a!, b!);
        };
    }

    private static Func<BsonDocument, BsonValue?> Comparison(string op, BsonValue arg, Func<int, bool> accept)
    {
        var args = Args(op, arg, 2, 2);
        return doc => BsonBoolean.Create(accept(Cmp.Compare(args[0](doc), args[1](doc))));
    }

    private static Func<BsonDocument, BsonValue?> DatePart(string op, BsonValue arg, Func<DateTime, int> part)
    {
        Func<BsonDocument, BsonValue?> date;
        Func<BsonDocument, BsonValue?>? timezone = null;
        if (arg is BsonDocument d && d.Contains("date"))
        {
            date = Compile(d["date"]);
            timezone = d.Contains("timezone") ? Compile(d["timezone"]) : null;
        }
        else
        {
            date = Args(op, arg, 1, 1)[0];
        }
        return doc =>
        {
            var v = date(doc);
            if (IsNullish(v))
            {
                return BsonNull.Value;
            }
            var when = DateFunctions.ToDateTime(v!, op);
            return new BsonInt32(part(DateFunctions.InZone(when, timezone?.Invoke(doc))));
        };
    }
}
