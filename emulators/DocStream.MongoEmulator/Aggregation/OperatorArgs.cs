using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>How the expression operators read their arguments: compiled, counted, and null or missing passed through as null.</summary>
internal static class OperatorArgs
{
    public static Func<BsonDocument, BsonValue?>[] Args(string op, BsonValue arg, int? min = null, int? max = null)
    {
        var list = arg is BsonArray a ? a.Select(ExpressionCompiler.Compile).ToArray() : [ExpressionCompiler.Compile(arg)];
        if ((min is { } lo && list.Length < lo) || (max is { } hi && list.Length > hi))
        {
            throw new MongoCommandException(16020, $"Expression {op} takes {(min == max ? $"exactly {min}" : $"{min}..{max}")} arguments. {list.Length} were passed in.");
        }
        return list;
    }

    public static bool IsNullish(BsonValue? v) => v is null || v.IsBsonNull || v.IsBsonUndefined;

    public static Func<BsonDocument, BsonValue?> Unary(string op, BsonValue arg, Func<BsonValue, BsonValue> f, BsonValue? nullResult = null)
    {
        var args = Args(op, arg, 1, 1);
        return doc =>
        {
            var v = args[0](doc);
            return IsNullish(v) ? nullResult ?? BsonNull.Value : f(v!);
        };
    }

    public static Func<BsonDocument, BsonValue?> Binary(string op, BsonValue arg, Func<BsonValue, BsonValue, BsonValue> f)
    {
        var args = Args(op, arg, 2, 2);
        return doc =>
        {
            var a = args[0](doc);
            var b = args[1](doc);
            return IsNullish(a) || IsNullish(b) ? BsonNull.Value : f(a!, b!);
        };
    }
}
