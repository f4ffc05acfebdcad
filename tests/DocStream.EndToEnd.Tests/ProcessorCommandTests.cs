using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using DocStream.Contracts;
using DocStream.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace DocStream.EndToEnd.Tests;

/// <summary>The processor's rewind commands in the Aspire dashboard: a dry run that says how much, then the rewind.</summary>
[Collection(DocStreamCollection.Name)]
public sealed partial class ProcessorCommandTests(DocStreamApp app)
{
    [Fact]
    public async Task The_dry_run_counts_what_a_rewind_to_earliest_reads_again_and_the_rewind_keeps_the_store_exact()
    {
        using var http = app.CreateIngestClient();
        var prefix = "rewind-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 50; i++)
        {
            using var created = await http.PostAsJsonAsync("/api/v1/invoices", new
            {
                Id = $"{prefix}-{i}", InvoiceNo = "536365", StockCode = "85123A", Description = "WHITE HANGING HEART T-LIGHT HOLDER",
                Quantity = i + 1, InvoiceDate = "12/1/2010 8:26", UnitPrice = 2.55m, CustomerID = 17850, Country = "United Kingdom",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var invoices = app.Database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);
        var mine = Builders<InvoiceLine>.Filter.In(l => l.Id, Enumerable.Range(0, 50).Select(i => $"{prefix}-{i}"));
        await WaitAsync(async () => await invoices.CountDocumentsAsync(mine) == 50, "the 50 documents to be stored");
        var total = await invoices.CountDocumentsAsync(FilterDefinition<InvoiceLine>.Empty);

        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
        var wouldRead = await WouldReadAsync(commands);
        Assert.True(wouldRead >= 50, $"The dry run counts {wouldRead} messages to read again.");

        var status = app.Database.GetCollection<BsonDocument>(PipelineNames.ProcessorStatusCollection);
        var rewind = await commands.ExecuteCommandAsync("processor", "rewind-to-earliest");
        Assert.True(rewind.Success, rewind.Message);
        var id = IdPattern().Match(rewind.Message!).Groups[1].Value;
        long reread = 0;
        await WaitAsync(async () =>
        {
            var docs = await status.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
            var applied = docs.Select(d => d.GetValue("rewind", BsonNull.Value)).OfType<BsonDocument>().Where(r => r["id"].AsString == id).ToList();
            reread = applied.Sum(r => r["messages"].ToInt64());
            // Read through once the committed offsets are back where they were (the dry run counts committed - earliest).
            return applied.Count > 0 && await WouldReadAsync(commands) == wouldRead;
        }, "the rewind to be applied and read through");

        Assert.Equal(wouldRead, reread);
        Assert.Equal(total, await invoices.CountDocumentsAsync(FilterDefinition<InvoiceLine>.Empty));
        var stored = await invoices.Find(mine).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 50), stored.Select(l => l.Quantity).Order());
    }

    private static async Task<long> WouldReadAsync(ResourceCommandService commands)
    {
        var dryRun = await commands.ExecuteCommandAsync("processor", "rewind-dry-run");
        Assert.True(dryRun.Success, dryRun.Message);
        return long.Parse(CountPattern().Match(dryRun.Message!).Groups[1].Value.Replace(",", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"would read ([\d,]+) messages again")]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"Rewind ([0-9a-f]{32}) requested")]
    private static partial Regex IdPattern();
}
