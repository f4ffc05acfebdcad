using System.Diagnostics;
using DocStream.Contracts;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.Bench.Floor;

/// <summary>
/// The same count of documents into the invoices collection by insertMany: each row's id and its line's bytes as-is,
/// no parsing and no secondary index, a few batches in flight so the emulator, not this client, is what is timed.
/// </summary>
internal static class MongoFloor
{
    private const int BatchSize = 5_000;
    private const int InFlight = 4;

    public static async Task<double> RunAsync(string url, IReadOnlyList<RawRows.Row> rows)
    {
        var invoices = new MongoClient(url).GetDatabase(PipelineNames.Database).GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
        var batches = rows.Chunk(BatchSize)
            .Select(chunk => chunk.Select(r => new BsonDocument { { "_id", r.Id }, { "row", new BsonBinaryData(r.Bytes) } }).ToList())
            .ToList();
        var options = new InsertManyOptions { IsOrdered = false };
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (batch, cancellationToken) => await invoices.InsertManyAsync(batch, options, cancellationToken));
        var seconds = clock.Elapsed.TotalSeconds;
        var stored = await invoices.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);
        return stored == rows.Count ? seconds : throw new InvalidOperationException($"MongoDB holds {stored} documents, not {rows.Count}.");
    }
}
