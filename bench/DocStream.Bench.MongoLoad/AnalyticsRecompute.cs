using System.Diagnostics;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Bench.MongoLoad;

/// <summary>The dashboard's analytics aggregation (its own pipeline) over the whole collection, as its snapshot service runs it.</summary>
internal sealed class AnalyticsRecompute(IMongoDatabase database)
{
    private readonly IMongoCollection<BsonDocument> _lines = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);

    /// <summary>Runs it once; returns the seconds it took and the lines the result counted.</summary>
    public async Task<(double Seconds, long Lines)> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var result = await _lines.Aggregate<BsonDocument>(AnalyticsQueries.Pipeline(), new AggregateOptions { AllowDiskUse = true })
            .FirstAsync();
        var totals = result["totals"].AsBsonArray;
        return (clock.Elapsed.TotalSeconds, totals.Count == 0 ? 0 : totals[0]["lines"].ToInt64());
    }
}
