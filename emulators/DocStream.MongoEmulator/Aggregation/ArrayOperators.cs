using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Query;
using MongoDB.Bson;
using static DocStream.MongoEmulator.Aggregation.OperatorArgs;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>Array expression operators: <c>$size</c>, <c>$arrayElemAt</c>, <c>$in</c>.</summary>
internal static class ArrayOperators
{
    private static readonly BsonValueComparer Cmp = BsonValueComparer.Instance;

    /// <summary>The compiled operator, or null when <paramref name="op"/> is not one of this family.</summary>
    public static Func<BsonDocument, BsonValue?>? TryCompile(string op, BsonValue arg)
    {
        switch (op)
        {
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
            default:
                return null;
        }
    }
}
