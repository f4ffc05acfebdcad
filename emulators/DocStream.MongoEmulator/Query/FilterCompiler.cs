using System.Text.RegularExpressions;
using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Query;

/// <summary>
/// Compiles a MongoDB query filter into a predicate once, so matching a document costs no parsing.
/// </summary>
internal static class FilterCompiler
{
    private static readonly BsonValueComparer Cmp = BsonValueComparer.Instance;

    private static readonly HashSet<string> KnownUnsupportedTopLevel =
        ["$expr", "$text", "$where", "$jsonSchema", "$sampleRate"];

    private static readonly HashSet<string> KnownUnsupportedFieldOperators =
    [
        "$geoWithin", "$geoIntersects", "$near", "$nearSphere", "$bitsAllSet", "$bitsAnySet",
        "$bitsAllClear", "$bitsAnyClear", "$within", "$box", "$center", "$centerSphere", "$polygon",
    ];

    public static Func<BsonDocument, bool> Compile(BsonDocument? filter)
    {
        if (filter is null || filter.ElementCount == 0)
        {
            return static _ => true;
        }
        var predicates = new List<Func<BsonDocument, bool>>();
        foreach (var element in filter)
        {
            var name = element.Name;
            if (name.StartsWith('$'))
            {
                switch (name)
                {
                    case "$and":
                        predicates.Add(All(CompileList(name, element.Value)));
                        break;
                    case "$or":
                        var or = CompileList(name, element.Value);
                        predicates.Add(doc => or.Any(p => p(doc)));
                        break;
                    case "$nor":
                        var nor = CompileList(name, element.Value);
                        predicates.Add(doc => !nor.Any(p => p(doc)));
                        break;
                    case "$comment":
                        break;
                    default:
                        if (KnownUnsupportedTopLevel.Contains(name))
                        {
                            throw MongoCommandException.NotSupported($"query operator {name}");
                        }
                        throw MongoCommandException.BadValue($"unknown top level operator: {name}");
                }
            }
            else
            {
                predicates.Add(CompileField(name, element.Value));
            }
        }
        return All(predicates);
    }

    private static Func<BsonDocument, bool> All(List<Func<BsonDocument, bool>> predicates) => predicates.Count switch
    {
        0 => static _ => true,
        1 => predicates[0],
        2 => CombineTwo(predicates[0], predicates[1]),
        _ => doc =>
        {
            foreach (var p in predicates)
            {
                if (!p(doc))
                {
                    return false;
                }
            }
            return true;
        },
    };

    private static Func<BsonDocument, bool> CombineTwo(Func<BsonDocument, bool> a, Func<BsonDocument, bool> b) => doc => a(doc) && b(doc);

    private static List<Func<BsonDocument, bool>> CompileList(string op, BsonValue value)
    {
        if (value is not BsonArray array || array.Count == 0)
        {
            throw MongoCommandException.BadValue($"{op} must be a nonempty array");
        }
        return array.Select(item => item is BsonDocument d
            ? Compile(d)
            : throw MongoCommandException.BadValue($"{op} argument's entries must be objects")).ToList();
    }

    private static Func<BsonDocument, bool> CompileField(string path, BsonValue value)
    {
        var parts = FieldPath.Split(path);
        if (value is BsonDocument operators && operators.ElementCount > 0 && operators.GetElement(0).Name.StartsWith('$'))
        {
            return All(CompileOperators(parts, operators));
        }
        if (value is BsonRegularExpression regex)
        {
            var r = ToRegex(regex.Pattern, regex.Options);
            return OnValues(parts, v => RegexMatches(r, regex, v));
        }
        return OnValues(parts, v => EqualsValue(v, value));
    }

    private static Func<BsonDocument, bool> OnValues(string[] parts, Func<BsonValue?, bool> test, bool expandArrays = true) =>
        doc => FieldPath.Any(doc, parts, 0, test, expandArrays);

    private static List<Func<BsonDocument, bool>> CompileOperators(string[] parts, BsonDocument operators)
    {
        var result = new List<Func<BsonDocument, bool>>();
        foreach (var op in operators)
        {
            var arg = op.Value;
            switch (op.Name)
            {
                case "$eq":
                    result.Add(OnValues(parts, v => EqualsValue(v, arg)));
                    break;
                case "$ne":
                    var eq = OnValues(parts, v => EqualsValue(v, arg));
                    result.Add(doc => !eq(doc));
                    break;
                case "$gt":
                    result.Add(OnValues(parts, v => CompareInBracket(v, arg, c => c > 0)));
                    break;
                case "$gte":
                    result.Add(OnValues(parts, v => CompareInBracket(v, arg, c => c >= 0)));
                    break;
                case "$lt":
                    result.Add(OnValues(parts, v => CompareInBracket(v, arg, c => c < 0)));
                    break;
                case "$lte":
                    result.Add(OnValues(parts, v => CompareInBracket(v, arg, c => c <= 0)));
                    break;
                case "$in":
                    var inTest = InTest(op.Name, arg);
                    result.Add(OnValues(parts, inTest));
                    break;
                case "$nin":
                    var ninInner = OnValues(parts, InTest(op.Name, arg));
                    result.Add(doc => !ninInner(doc));
                    break;
                case "$exists":
                    var wanted = arg.ToBoolean();
                    var exists = OnValues(parts, v => v is not null, expandArrays: false);
                    result.Add(doc => exists(doc) == wanted);
                    break;
                case "$type":
                    var types = arg is BsonArray ta ? ta.ToList() : [arg];
                    var typeTests = types.Select(TypeTest).ToList();
                    result.Add(OnValues(parts, v => v is not null && typeTests.Any(t => t(v))));
                    break;
                case "$regex":
                    var options = operators.TryGetValue("$options", out var o) ? o.AsString : "";
                    var pattern = arg is BsonRegularExpression br ? br : new BsonRegularExpression(arg.AsString, options);
                    var rx = ToRegex(pattern.Pattern, options.Length > 0 ? options : pattern.Options);
                    result.Add(OnValues(parts, v => RegexMatches(rx, pattern, v)));
                    break;
                case "$options":
                    if (!operators.Contains("$regex"))
                    {
                        throw MongoCommandException.BadValue("$options needs a $regex");
                    }
                    break;
                case "$not":
                    Func<BsonDocument, bool> inner = arg switch
                    {
                        BsonRegularExpression nr => OnValues(parts, v => RegexMatches(ToRegex(nr.Pattern, nr.Options), nr, v)),
                        BsonDocument nd when nd.ElementCount > 0 && nd.GetElement(0).Name.StartsWith('$') => All(CompileOperators(parts, nd)),
                        _ => throw MongoCommandException.BadValue("$not needs a regex or a document"),
                    };
                    result.Add(doc => !inner(doc));
                    break;
                case "$size":
                    var size = arg.ToInt32();
                    result.Add(OnValues(parts, v => v is BsonArray a && a.Count == size, expandArrays: false));
                    break;
                case "$all":
                    if (arg is not BsonArray all)
                    {
                        throw MongoCommandException.BadValue("$all needs an array");
                    }
                    var allTests = all.Select(item => OnValues(parts, v => EqualsValue(v, item))).ToList();
                    result.Add(doc => allTests.Count > 0 && allTests.All(t => t(doc)));
                    break;
                case "$elemMatch":
                    if (arg is not BsonDocument criteria)
                    {
                        throw MongoCommandException.BadValue("$elemMatch needs an Object");
                    }
                    result.Add(OnValues(parts, ElemMatchTest(criteria), expandArrays: false));
                    break;
                case "$mod":
                    if (arg is not BsonArray mod || mod.Count != 2)
                    {
                        throw MongoCommandException.BadValue("malformed mod, needs to be an array of 2 numbers");
                    }
                    var divisor = mod[0].ToInt64();
                    var remainder = mod[1].ToInt64();
                    result.Add(OnValues(parts, v => BsonValueComparer.IsNumber(v) && (long)v!.ToDouble() % divisor == remainder));
                    break;
                case "$comment":
                    break;
                default:
                    if (KnownUnsupportedFieldOperators.Contains(op.Name))
                    {
                        throw MongoCommandException.NotSupported($"query operator {op.Name}");
                    }
                    throw MongoCommandException.BadValue($"unknown operator: {op.Name}");
            }
        }
        return result;
    }

    private static Func<BsonValue?, bool> ElemMatchTest(BsonDocument criteria)
    {
        if (criteria.ElementCount > 0 && criteria.GetElement(0).Name.StartsWith('$')
            && criteria.GetElement(0).Name is not ("$and" or "$or" or "$nor"))
        {
            // Operators applied to each element itself, e.g. { $elemMatch: { $gt: 1, $lt: 5 } }.
            var wrapped = All(CompileOperators(["v"], criteria));
            return v => v is BsonArray a && a.Any(item => wrapped(new BsonDocument("v", item)));
        }
        var match = Compile(criteria);
        return v => v is BsonArray a && a.Any(item => item is BsonDocument d && match(d));
    }

    private static Func<BsonValue?, bool> InTest(string op, BsonValue arg)
    {
        if (arg is not BsonArray list)
        {
            throw MongoCommandException.BadValue($"{op} needs an array");
        }
        var regexes = list.OfType<BsonRegularExpression>().Select(r => (r, ToRegex(r.Pattern, r.Options))).ToList();
        var plain = new HashSet<BsonValue?>(list.Where(x => x is not BsonRegularExpression), Cmp);
        var matchesNull = plain.Contains(BsonNull.Value);
        return v =>
        {
            if (v is null || v.IsBsonNull || v.IsBsonUndefined)
            {
                return matchesNull;
            }
            if (plain.Contains(v))
            {
                return true;
            }
            foreach (var (raw, rx) in regexes)
            {
                if (RegexMatches(rx, raw, v))
                {
                    return true;
                }
            }
            return false;
        };
    }

    public static bool EqualsValue(BsonValue? candidate, BsonValue expected)
    {
        if (expected.IsBsonNull)
        {
            return candidate is null || candidate.IsBsonNull || candidate.IsBsonUndefined;
        }
        return candidate is not null && Cmp.Compare(candidate, expected) == 0;
    }

    /// <summary>Range operators only compare values of the same canonical type (MongoDB's type bracketing).</summary>
    private static bool CompareInBracket(BsonValue? candidate, BsonValue bound, Func<int, bool> accept)
    {
        if (bound.BsonType is BsonType.MinKey or BsonType.MaxKey)
        {
            return accept(Cmp.Compare(candidate, bound));
        }
        if (BsonValueComparer.TypeRank(candidate) != BsonValueComparer.TypeRank(bound))
        {
            return false;
        }
        if (candidate is null && !bound.IsBsonNull)
        {
            return false;
        }
        return accept(Cmp.Compare(candidate, bound));
    }

    private static bool RegexMatches(Regex regex, BsonRegularExpression raw, BsonValue? value) => value switch
    {
        BsonString s => regex.IsMatch(s.Value),
        BsonSymbol sym => regex.IsMatch(sym.Name),
        BsonRegularExpression r => r.Pattern == raw.Pattern && r.Options == raw.Options,
        _ => false,
    };

    public static Regex ToRegex(string pattern, string options)
    {
        var ro = RegexOptions.CultureInvariant;
        foreach (var c in options)
        {
            ro |= c switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                'x' => RegexOptions.IgnorePatternWhitespace,
                's' => RegexOptions.Singleline,
                'u' => RegexOptions.None,
                _ => throw MongoCommandException.BadValue($"invalid flag in regex options: {c}"),
            };
        }
        try
        {
            return new Regex(pattern, ro, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException ex)
        {
            throw MongoCommandException.BadValue($"Regular expression is invalid: {ex.Message}");
        }
    }

    private static Func<BsonValue, bool> TypeTest(BsonValue type)
    {
        if (type.IsString && type.AsString == "number")
        {
            return BsonValueComparer.IsNumber;
        }
        var code = type.IsString
            ? type.AsString switch
            {
                "double" => 1, "string" => 2, "object" => 3, "array" => 4, "binData" => 5, "undefined" => 6,
                "objectId" => 7, "bool" => 8, "date" => 9, "null" => 10, "regex" => 11, "javascript" => 13,
                "symbol" => 14, "int" => 16, "timestamp" => 17, "long" => 18, "decimal" => 19,
                "minKey" => 255, "maxKey" => 127,
                var other => throw MongoCommandException.BadValue($"Unknown type name alias: {other}"),
            }
            : type.ToInt32();
        return v => (int)v.BsonType == code;
    }
}
