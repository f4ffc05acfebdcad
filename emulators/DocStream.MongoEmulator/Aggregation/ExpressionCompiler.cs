using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>
/// Compiles aggregation expressions ("$a.b", literals, {$op: args}, object and array expressions)
/// into delegates over the current document. A null result means "missing". Each family of operators is a class of
/// its own (<see cref="ArithmeticOperators"/>, <see cref="LogicalOperators"/>, <see cref="TextOperators"/>,
/// <see cref="DateOperators"/>, <see cref="ArrayOperators"/>).
/// </summary>
internal static class ExpressionCompiler
{
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

    private static Func<BsonDocument, BsonValue?> CompileOperator(string op, BsonValue arg) =>
        CompileOwn(op, arg)
        ?? ArithmeticOperators.TryCompile(op, arg)
        ?? LogicalOperators.TryCompile(op, arg)
        ?? TextOperators.TryCompile(op, arg)
        ?? DateOperators.TryCompile(op, arg)
        ?? ArrayOperators.TryCompile(op, arg)
        ?? throw (KnownUnsupported.Contains(op)
            ? MongoCommandException.NotSupported($"expression operator {op}")
            : new MongoCommandException(MongoErrorCodes.InvalidPipelineOperator, $"Unrecognized expression '{op}'"));

    /// <summary><c>$literal</c>, and the accumulators in their expression form (over an array operand, or over several operands).</summary>
    private static Func<BsonDocument, BsonValue?>? CompileOwn(string op, BsonValue arg)
    {
        switch (op)
        {
            case "$literal":
                return _ => arg;
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
                return null;
        }
    }
}
