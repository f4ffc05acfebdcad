using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;
using static DocStream.MongoEmulator.Aggregation.ExpressionCompiler;
using static DocStream.MongoEmulator.Aggregation.OperatorArgs;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>Comparison, boolean and conditional expression operators (<c>$eq</c>…<c>$cmp</c>, <c>$and</c>/<c>$or</c>/<c>$not</c>, <c>$cond</c>, <c>$ifNull</c>, <c>$switch</c>).</summary>
internal static class LogicalOperators
{
    private static readonly BsonValueComparer Cmp = BsonValueComparer.Instance;

    /// <summary>The compiled operator, or null when <paramref name="op"/> is not one of this family.</summary>
    public static Func<BsonDocument, BsonValue?>? TryCompile(string op, BsonValue arg)
    {
        switch (op)
        {
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
            default:
                return null;
        }
    }

    private static Func<BsonDocument, BsonValue?> Comparison(string op, BsonValue arg, Func<int, bool> accept)
    {
        var args = Args(op, arg, 2, 2);
        return doc => BsonBoolean.Create(accept(Cmp.Compare(args[0](doc), args[1](doc))));
    }
}
