using System.Text;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace DocStream.EndToEnd.Tests;

/// <summary>The dashboard's re-drive commands in the Aspire dashboard, on the whole AppHost: a dry run, then the re-drive.</summary>
[Collection(DocStreamCollection.Name)]
public sealed partial class DashboardCommandTests(DocStreamApp app)
{
    [Fact]
    public async Task Re_drive_from_the_Aspire_dashboard_stores_seed_format_poison_once_and_audits_it_as_the_Aspire_dashboard()
    {
        var prefix = "cmd-" + Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        var letters = app.Database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection);
        var mineLetters = Builders<BsonDocument>.Filter.In("documentId", ids);
        // Straight into Kafka in the seed's format (US date, 17850.0): the processor dead-letters each, the API's validation takes them.
        await ProduceSeedFormatAsync(ids);
        await WaitAsync(async () => await letters.CountDocumentsAsync(mineLetters) == ids.Count, "the 5 poison messages to be dead-lettered");

        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
        var dryRun = await commands.ExecuteCommandAsync("dashboard", "redrive-dry-run");
        Assert.True(dryRun.Success, dryRun.Message);
        Assert.True(Count(ResentPattern(), dryRun.Message!) >= ids.Count, dryRun.Message);
        var invoices = app.Database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);
        var mine = Builders<InvoiceLine>.Filter.In(l => l.Id, ids);
        Assert.Equal(0, await invoices.CountDocumentsAsync(mine));

        var redrive = await commands.ExecuteCommandAsync("dashboard", "redrive-dead-letters");
        Assert.True(redrive.Success, redrive.Message);
        Assert.Matches(@"^\d[\d,]* re-sent, ", redrive.Message!);
        await WaitAsync(async () => await invoices.CountDocumentsAsync(mine) == ids.Count, "the re-driven documents to be stored");
        var stored = await invoices.Find(mine).ToListAsync();
        Assert.All(stored, l => Assert.Equal(17850, l.CustomerID));
        Assert.All(stored, l => Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc), l.InvoiceDate));

        var audit = await app.Database.GetCollection<OperatorAuditEntry>(PipelineNames.AuditCollection)
            .Find(e => e.By == "Aspire dashboard" && e.Action == "re-drive dead letters").ToListAsync();
        Assert.Contains(audit, e => e.Result.Contains("re-sent", StringComparison.Ordinal));
        var marked = await letters.Find(mineLetters).ToListAsync();
        Assert.All(marked, l => Assert.Equal("Aspire dashboard", l["redrive"]["lastBy"].AsString));
    }

    private async Task ProduceSeedFormatAsync(IReadOnlyList<string> ids)
    {
        var bootstrap = await app.App.GetConnectionStringAsync(PipelineNames.Kafka);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All }).Build();
        foreach (var id in ids)
        {
            var json = $$"""{"Id":"{{id}}","InvoiceNo":"536365","StockCode":"85123A","Description":"WHITE HANGING HEART T-LIGHT HOLDER","Quantity":6,"InvoiceDate":"12/1/2010 8:26","UnitPrice":2.55,"CustomerID":17850.0,"Country":"United Kingdom"}""";
            await producer.ProduceAsync(PipelineNames.IngestTopic, new Message<string, byte[]>
            {
                Key = "536365", Value = Encoding.UTF8.GetBytes(json),
                Headers = new Headers { { PipelineNames.DocumentIdHeader, Encoding.UTF8.GetBytes(id) } },
            });
        }
    }

    private static long Count(Regex pattern, string message) =>
        long.Parse(pattern.Match(message).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"^([\d,]+) would be re-sent")]
    private static partial Regex ResentPattern();
}
