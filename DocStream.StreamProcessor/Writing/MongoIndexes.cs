using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Writing;

/// <summary>Creates the indexes the look-ups and the dashboard rely on (idempotent), retrying until MongoDB answers.</summary>
internal sealed class MongoIndexes(InvoiceWriter writer, DeadLetterSink deadLetters, ILogger<MongoIndexes> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var invoiceKeys = Builders<InvoiceLine>.IndexKeys;
        var models = new[]
        {
            new CreateIndexModel<InvoiceLine>(invoiceKeys.Ascending(l => l.CustomerID), new CreateIndexOptions { Name = "CustomerID_1" }),
            new CreateIndexModel<InvoiceLine>(invoiceKeys.Ascending(l => l.InvoiceNo), new CreateIndexOptions { Name = "InvoiceNo_1" }),
            new CreateIndexModel<InvoiceLine>(invoiceKeys.Ascending(l => l.InvoiceDate), new CreateIndexOptions { Name = "InvoiceDate_1" }),
        };
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await writer.Collection.Indexes.CreateManyAsync(models, cancellationToken);
                await deadLetters.Collection.Indexes.CreateOneAsync(new CreateIndexModel<DeadLetterDocument>(
                    Builders<DeadLetterDocument>.IndexKeys.Descending(d => d.ReceivedAt), new CreateIndexOptions { Name = "receivedAt_-1" }),
                    cancellationToken: cancellationToken);
                return;
            }
            catch (Exception e) when (e is MongoException or TimeoutException)
            {
                logger.LogWarning("Creating indexes failed ({Error}); retrying in {Delay}.", e.Message, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
