using System.Diagnostics;
using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.Bench.MongoLoad;

/// <summary>
/// Writes lines as the stream processor does: batches of 5,000 cut into 4 slices, each an unordered bulk of
/// ReplaceOne upserts by _id (w:majority), 4 slices in flight, into a collection with the processor's indexes.
/// </summary>
internal sealed class UpsertLoad(IMongoCollection<InvoiceLine> invoices)
{
    private const int SliceSize = 1_250;
    private const int InFlight = 4;

    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false };

    public async Task CreateIndexesAsync()
    {
        var keys = Builders<InvoiceLine>.IndexKeys;
        await invoices.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<InvoiceLine>(keys.Ascending(l => l.CustomerID), new CreateIndexOptions { Name = "CustomerID_1" }),
            new CreateIndexModel<InvoiceLine>(keys.Ascending(l => l.InvoiceNo), new CreateIndexOptions { Name = "InvoiceNo_1" }),
            new CreateIndexModel<InvoiceLine>(keys.Ascending(l => l.InvoiceDate), new CreateIndexOptions { Name = "InvoiceDate_1" }),
        ]);
    }

    /// <summary>Upserts <paramref name="lines"/>; returns the seconds it took.</summary>
    public async Task<double> RunAsync(IReadOnlyList<InvoiceLine> lines)
    {
        var slices = lines.Chunk(SliceSize)
            .Select(chunk => chunk.Select(l => new ReplaceOneModel<InvoiceLine>(Builders<InvoiceLine>.Filter.Eq("_id", l.Id), l) { IsUpsert = true }).ToList())
            .ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(slices, new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (slice, cancellationToken) => await invoices.BulkWriteAsync(slice, Unordered, cancellationToken));
        return clock.Elapsed.TotalSeconds;
    }
}
