using MongoDB.Bson;
using static DocStream.MongoEmulator.Aggregation.OperatorArgs;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>Date expression operators: the parts of a date (<c>$year</c>…<c>$second</c>, with an optional timezone), <c>$dateToString</c>, <c>$dateTrunc</c>.</summary>
internal static class DateOperators
{
    /// <summary>The compiled operator, or null when <paramref name="op"/> is not one of this family.</summary>
    public static Func<BsonDocument, BsonValue?>? TryCompile(string op, BsonValue arg)
    {
        switch (op)
        {
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
            default:
                return null;
        }
    }

    private static Func<BsonDocument, BsonValue?> DatePart(string op, BsonValue arg, Func<DateTime, int> part)
    {
        Func<BsonDocument, BsonValue?> date;
        Func<BsonDocument, BsonValue?>? timezone = null;
        if (arg is BsonDocument d && d.Contains("date"))
        {
            date = ExpressionCompiler.Compile(d["date"]);
            timezone = d.Contains("timezone") ? ExpressionCompiler.Compile(d["timezone"]) : null;
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
