using System.Diagnostics;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Bench.Dashboard;

/// <summary>
/// Where a recomputation spends its time: the analytics pipeline taken apart, each piece run alone against the
/// server (a full scan, each $facet branch with and without the $project the pipeline used to start with, the
/// whole pipeline with and without it), and for
/// comparison reading every projected line to the client.
/// </summary>
public static class AnalyticsProfile
{
    public static async Task RunAsync(IMongoDatabase database)
    {
        var lines = database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
        var pipeline = AnalyticsQueries.Pipeline();
        var facetStage = pipeline.Single(st => st.Contains("$facet"));
        var facet = facetStage["$facet"].AsBsonDocument;
        // The dashboard's pipeline used to start with this $project (the fields the branches read).
        var project = new BsonDocument("$project", new BsonDocument
        {
            { "_id", 0 }, { "InvoiceNo", 1 }, { "StockCode", 1 }, { "Description", 1 }, { "Quantity", 1 },
            { "InvoiceDate", 1 }, { "CustomerID", 1 }, { "Country", 1 }, { "LineTotal", 1 }, { "IsCancellation", 1 },
        });
        var count = new BsonDocument("$count", "n");
        Console.WriteLine();
        Console.WriteLine("analytics pipeline, piece by piece (each run alone, best of two, milliseconds):");

        await TimeAsync("$count (scan only)", lines, [count]);
        await TimeAsync("$project + $count", lines, [project, count]);
        foreach (var branch in facet)
        {
            await TimeAsync($"facet branch '{branch.Name}' alone", lines, [.. branch.Value.AsBsonArray.Select(v => v.AsBsonDocument)]);
        }
        foreach (var branch in facet)
        {
            await TimeAsync($"$project + facet branch '{branch.Name}'", lines, [project, .. branch.Value.AsBsonArray.Select(v => v.AsBsonDocument)]);
        }
        await TimeAsync("$project + $facet (the pipeline before)", lines, [project, facetStage]);
        await TimeAsync("$facet (the dashboard's pipeline now)", lines, pipeline);

        var t = Stopwatch.GetTimestamp();
        long n = 0;
        using (var cursor = await lines.Find(FilterDefinition<BsonDocument>.Empty)
            .Project(project["$project"].AsBsonDocument).ToCursorAsync())
        {
            while (await cursor.MoveNextAsync())
            {
                n += cursor.Current.Count();
            }
        }
        Console.WriteLine($"  {"find with the same projection, read by the client",-58} {Stopwatch.GetElapsedTime(t).TotalMilliseconds,8:F0}  ({n:N0} documents)");
    }

    /// <summary>Best of two runs (the first also warms the emulator's code paths for that shape).</summary>
    private static async Task TimeAsync(string label, IMongoCollection<BsonDocument> lines, BsonDocument[] stages)
    {
        var best = double.MaxValue;
        var count = 0;
        for (var i = 0; i < 2; i++)
        {
            var t = Stopwatch.GetTimestamp();
            var results = await lines.Aggregate<BsonDocument>(stages, new AggregateOptions { AllowDiskUse = true }).ToListAsync();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            count = results.Count;
        }
        Console.WriteLine($"  {label,-58} {best,8:F0}  ({count} result documents)");
    }
}
