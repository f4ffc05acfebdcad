using MongoDB.Bson;

namespace DocStream.MongoEmulator.Commands;

/// <summary>A cheap upper estimate of a document's BSON size, used to keep cursor batches under 16 MiB.</summary>
internal static class BsonSizeEstimator
{
    public static long Estimate(BsonValue value) => value switch
    {
        BsonDocument d => 5 + d.Sum(e => 2L + e.Name.Length * 3 + Estimate(e.Value)),
        BsonArray a => 5 + a.Sum(v => 8L + Estimate(v)),
        BsonString s => 5 + s.Value.Length * 3L,
        BsonBinaryData b => 5 + b.Bytes.Length,
        BsonDecimal128 => 16,
        BsonObjectId => 12,
        _ => 8,
    };
}
