using MongoDB.Bson;

namespace DocStream.Dashboard.Data;

/// <summary>Tolerant readers for aggregation results and for documents written by other services.</summary>
internal static class BsonRead
{
    public static decimal Decimal(BsonValue? v) => v switch
    {
        null or BsonNull => 0m,
        BsonDecimal128 d => Decimal128.ToDecimal(d.Value),
        BsonInt32 i => i.Value,
        BsonInt64 l => l.Value,
        BsonDouble x => (decimal)x.Value,
        _ => 0m,
    };

    public static long Long(BsonValue? v) => v switch
    {
        null or BsonNull => 0,
        BsonInt32 i => i.Value,
        BsonInt64 l => l.Value,
        BsonDouble x => (long)x.Value,
        BsonDecimal128 d => (long)Decimal128.ToDecimal(d.Value),
        _ => 0,
    };

    public static double Double(BsonValue? v) => v switch
    {
        null or BsonNull => 0,
        BsonInt32 i => i.Value,
        BsonInt64 l => l.Value,
        BsonDouble x => x.Value,
        BsonDecimal128 d => (double)Decimal128.ToDecimal(d.Value),
        _ => 0,
    };

    public static string? String(BsonValue? v) => v switch
    {
        null or BsonNull => null,
        BsonString s => s.Value,
        _ => v.ToString(),
    };

    public static DateTime Date(BsonValue? v) => v switch
    {
        BsonDateTime d => d.ToUniversalTime(),
        _ => DateTime.MinValue,
    };

    public static BsonValue? Get(this BsonDocument doc, string name) => doc.TryGetValue(name, out var v) ? v : null;
}
