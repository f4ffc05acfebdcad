using System.Diagnostics;
using System.Net;
using System.Text;
using Confluent.Kafka;
using DocStream.IngestApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DocStream.IngestApi.Tests;

/// <summary>An API whose processor group never reads: a generous message budget, a two-second age budget.</summary>
public sealed class AgeBudgetApiHost() : IngestApiHost(new Dictionary<string, string?>
{
    ["Ingest:Admission:ConsumerGroup"] = AgeBudgetApiHost.Group,
    ["Ingest:Admission:MaxLagPerPartition"] = "100000",
    ["Ingest:Admission:MaxLagAge"] = "00:00:02",
    ["Ingest:Admission:AgeInterval"] = "00:00:01",
})
{
    public const string Group = "age-budget-processor";
}

/// <summary>
/// Admission by age: a few documents are far under the message budget, but once the oldest has waited longer than
/// the age budget the API sheds with 503, and it accepts again once the group has read them.
/// </summary>
public sealed class AgeBudgetTests(AgeBudgetApiHost host, ITestOutputHelper output) : IClassFixture<AgeBudgetApiHost>
{
    [Fact]
    public async Task When_the_oldest_unwritten_document_has_waited_past_the_age_budget_the_API_sheds_and_accepts_again_once_it_is_read()
    {
        using var client = host.CreateClient();
        using (var first = await PostAsync(client))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        var refused = await PostUntilAsync(client, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "over the age budget");
        Assert.Equal("age", problem.GetProperty("over").GetString());
        Assert.True(problem.GetProperty("oldestAgeSeconds").GetDouble() >= 2, problem.ToString());
        Assert.StartsWith("The oldest document not yet stored has waited", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        refused.Dispose();

        CommitEverything();

        using var accepted = await PostUntilAsync(client, HttpStatusCode.Created, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    /// <summary>What a processor that caught up does: commit the end of every partition.</summary>
    private void CommitEverything()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = host.BootstrapServers, GroupId = AgeBudgetApiHost.Group, EnableAutoCommit = false,
        }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var ends = admin.GetMetadata(IngestApiHost.Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(IngestApiHost.Topic, p.PartitionId))
            .Select(tp => new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High))
            .Where(tpo => tpo.Offset.Value > 0)
            .ToList();
        consumer.Commit(ends);
    }

    private async Task<HttpResponseMessage> PostUntilAsync(HttpClient client, HttpStatusCode wanted, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var response = await PostAsync(client);
            if (response.StatusCode == wanted || watch.Elapsed > timeout)
            {
                output.WriteLine($"{(int)response.StatusCode} after {watch.Elapsed.TotalSeconds:0.0} s");
                return response;
            }
            response.Dispose();
            await Task.Delay(250);
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client) =>
        client.PostAsync("/api/v1/invoices", new StringContent(RealRows.First().ToJsonString(), Encoding.UTF8, "application/json"));
}
