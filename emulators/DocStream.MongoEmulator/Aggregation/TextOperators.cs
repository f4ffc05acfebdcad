using System.Globalization;
using DocStream.MongoEmulator.Commands;
using MongoDB.Bson;
using static DocStream.MongoEmulator.Aggregation.OperatorArgs;

namespace DocStream.MongoEmulator.Aggregation;

/// <summary>String and conversion expression operators (<c>$concat</c>, case, <c>$substr*</c>, <c>$to*</c>), and the text form of a value.</summary>
internal static class TextOperators
{
    /// <summary>The compiled operator, or null when <paramref name="op"/> is not one of this family.</summary>
    public static Func<BsonDocument, BsonValue?>? TryCompile(string op, BsonValue arg)
    {
        switch (op)
        {
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
            default:
                return null;
        }
    }

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
}
