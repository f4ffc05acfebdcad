using System.Net.Http.Json;
using System.Text.Json;
using DocStream.Contracts;
using Aspire.Hosting.ApplicationModel;
using DocStream.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;
using Xunit.Abstractions;

namespace DocStream.EndToEnd.Tests
{
    /// <summary>An AppHost of its own: this test fills Kafka far beyond what the other end-to-end tests expect.</summary>
    [CollectionDefinition(Name)]
    public sealed class AdmissionCollection : ICollectionFixture<DocStreamApp>
    {
        public const string Name = "DocStream app under admission control";
    }

    /// <summary>
    /// With processing paused (with the processor's Aspire command; the processor commits nothing), the whole data set is replayed three
    /// times: far more than the Kafka emulator's log keeps per partition. The API must shed with 503 before the log can
    /// drop an acknowledged document: no offset gap, and once processing resumes the store is the data set exactly.
    /// </summary>
    [Collection(AdmissionCollection.Name)]
    public sealed class AdmissionControlTests(DocStreamApp app, ITestOutputHelper output)
    {
        private const int Rows = 541_909;

        [Fact]
        public async Task Replaying_the_data_set_three_times_into_a_paused_pipeline_sheds_with_503_loses_nothing_and_ends_exact()
        {
            await SetPausedAsync(true);
            await WaitForProcessorAsync(paused: true);

            var sawShedding = false;
            for (var pass = 1; pass <= 3; pass++)
            {
                using var watch = new CancellationTokenSource();
                var watcher = WatchForSheddingAsync(watch.Token);
                // Each pass gives up once one batch has been refused for 10 s: the pipeline stays paused meanwhile.
                var replay = await app.RunReplayerAsync($"--file \"{DataSet.FullFile}\" --batch-size 1000 --max-retry-time 10s", TimeSpan.FromMinutes(4));
                await watch.CancelAsync();
                sawShedding |= await watcher;
                output.WriteLine($"pass {pass}: exit {replay.ExitCode}\n{Tail(replay.Output)}");
                Assert.NotEqual(0, replay.ExitCode); // refused, not accepted: the paused pipeline cannot take the data set
            }
            Assert.True(sawShedding, "The API never reported shedding.");
            Assert.Equal(0, await app.Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection).EstimatedDocumentCountAsync());

            await SetPausedAsync(false);
            var final = await app.RunReplayerAsync($"--file \"{DataSet.FullFile}\" --batch-size 1000", TimeSpan.FromMinutes(6));
            output.WriteLine($"final pass: exit {final.ExitCode}\n{Tail(final.Output)}");
            Assert.True(final.ExitCode == 0, final.Output);

            var invoices = app.Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
            var deadline = DateTime.UtcNow.AddMinutes(3);
            long stored;
            while ((stored = await invoices.EstimatedDocumentCountAsync()) < Rows && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
            Assert.Equal(Rows, stored);
            // No offset of the log was lost before the processor read it (a gap is dead-lettered with kind "gap").
            var deadLetters = await app.Database.GetCollection<BsonDocument>(PipelineNames.DeadLettersCollection)
                .Find(FilterDefinition<BsonDocument>.Empty).Limit(5).ToListAsync();
            Assert.True(deadLetters.Count == 0, string.Join("\n", deadLetters.Select(d => d.ToJson())));

            var expected = DataSet.Read(DataSet.FullFile, int.MaxValue).ToDictionary(r => $"online-retail:{r.RowNumber}");
            var seen = 0;
            using var cursor = await invoices.Find(FilterDefinition<BsonDocument>.Empty).ToCursorAsync();
            while (await cursor.MoveNextAsync())
            {
                foreach (var doc in cursor.Current)
                {
                    Assert.True(expected.TryGetValue(doc["_id"].AsString, out var row), $"unexpected {doc["_id"]}");
                    Assert.Equal((row.InvoiceNo, row.StockCode, row.Quantity, row.UnitPrice), (doc["InvoiceNo"].AsString, doc["StockCode"].AsString, doc["Quantity"].AsInt32, doc["UnitPrice"].AsDecimal));
                    seen++;
                }
            }
            Assert.Equal(Rows, seen);
        }

        /// <summary>Through the processor's command in the Aspire dashboard, as a developer would.</summary>
        private async Task SetPausedAsync(bool paused)
        {
            var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
            var result = await commands.ExecuteCommandAsync("processor", paused ? "pause-processing" : "resume-processing");
            Assert.True(result.Success, result.Message);
            var control = await app.Database.GetCollection<ProcessingControl>(PipelineNames.ControlCollection)
                .Find(c => c.Id == ProcessingControl.DocumentId).SingleAsync();
            Assert.Equal((paused, "Aspire dashboard"), (control.Paused, control.ChangedBy));
            var audit = await app.Database.GetCollection<OperatorAuditEntry>(PipelineNames.AuditCollection)
                .Find(FilterDefinition<OperatorAuditEntry>.Empty).SortByDescending(e => e.At).FirstAsync();
            Assert.Equal((paused ? "pause processing" : "resume processing", "Aspire dashboard", "done"), (audit.Action, audit.By, audit.Result));
        }

        private async Task WaitForProcessorAsync(bool paused)
        {
            var status = app.Database.GetCollection<BsonDocument>(PipelineNames.ProcessorStatusCollection);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var docs = await status.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
                if (docs.Count > 0 && docs.All(d => d.GetValue("paused", false).ToBoolean() == paused))
                {
                    return;
                }
                await Task.Delay(250);
            }
            throw new TimeoutException($"The processor did not report paused={paused}.");
        }

        /// <summary>
        /// True once both the API's /health (detailed in Development) said its admission check is Degraded and its
        /// published status (what the dashboard's overview shows) said it sheds.
        /// </summary>
        private async Task<bool> WatchForSheddingAsync(CancellationToken token)
        {
            using var http = app.CreateIngestClient();
            var statuses = app.Database.GetCollection<IngestAdmissionStatus>(PipelineNames.IngestStatusCollection);
            bool health = false, published = false;
            try
            {
                while (!token.IsCancellationRequested && !(health && published))
                {
                    using var response = await http.GetAsync("/health", token);
                    var report = await response.Content.ReadFromJsonAsync<JsonElement>(token);
                    health |= report.TryGetProperty("checks", out var checks) && checks.TryGetProperty("admission", out var admission)
                        && admission.GetProperty("status").GetString() == "Degraded";
                    published |= await statuses.Find(s => s.Shedding).AnyAsync(token);
                    await Task.Delay(200, token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            return health && published;
        }

        private static string Tail(string text) => text.Length > 1500 ? text[^1500..] : text;
    }
}
