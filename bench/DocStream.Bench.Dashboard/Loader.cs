using System.Diagnostics;
using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.Bench.Dashboard;

/// <summary>
/// Loads the data set straight into <c>docstreaming.invoices</c> in the stored shape (the driver serialising
/// <see cref="InvoiceLine"/>, as the stream processor does) and creates the indexes the processor creates.
/// </summary>
public static class Loader
{
    private const int BatchSize = 10_000;

    public static async Task RunAsync(string connection, string file, int limit)
    {
        var started = Stopwatch.GetTimestamp();
        var database = new MongoClient(connection).GetDatabase(PipelineNames.Database);
        var lines = database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);

        var batch = new List<InvoiceLine>(BatchSize);
        long loaded = 0;
        var insert = new InsertManyOptions { IsOrdered = false };
        foreach (var line in DataSetFile.Read(file, limit))
        {
            batch.Add(line);
            if (batch.Count == BatchSize)
            {
                await lines.InsertManyAsync(batch, insert);
                loaded += batch.Count;
                batch = new List<InvoiceLine>(BatchSize);
            }
        }
        if (batch.Count > 0)
        {
            await lines.InsertManyAsync(batch, insert);
            loaded += batch.Count;
        }
        var insertedIn = Stopwatch.GetElapsedTime(started);

        // The stream processor's indexes (DocStream.StreamProcessor/Writing/MongoIndexes.cs).
        var keys = Builders<InvoiceLine>.IndexKeys;
        await lines.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<InvoiceLine>(keys.Ascending(l => l.CustomerID), new CreateIndexOptions { Name = "CustomerID_1" }),
            new CreateIndexModel<InvoiceLine>(keys.Ascending(l => l.InvoiceNo), new CreateIndexOptions { Name = "InvoiceNo_1" }),
            new CreateIndexModel<InvoiceLine>(keys.Ascending(l => l.InvoiceDate), new CreateIndexOptions { Name = "InvoiceDate_1" }),
        ]);
        var count = await lines.CountDocumentsAsync(FilterDefinition<InvoiceLine>.Empty);
        if (count != loaded)
        {
            throw new InvalidOperationException($"Inserted {loaded} lines but the collection holds {count}.");
        }
        Console.WriteLine($"loaded {loaded:N0} lines in {insertedIn.TotalSeconds:F1} s, indexes built, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s in all");
    }
}
