using DocStream.Dashboard.Data;
using DocStream.StreamProcessor.Tests.Infrastructure;
using MongoDB.Bson;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>The dead-letter console's filters, run by the MongoDB emulator the way the dashboard runs them.</summary>
public sealed class DeadLetterFilterTests(ITestOutputHelper output)
{
    private static readonly DateTime Noon = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Kind_reason_text_time_range_and_partition_each_narrow_the_dead_letters_and_the_count()
    {
        await using var pipeline = await TestPipeline.StartAsync(output);
        await pipeline.DeadLetters.InsertManyAsync([
            Letter("a", "poison", "The JSON value could not be converted to System.DateTime.", 1, Noon.AddHours(-2)),
            Letter("b", "poison", "The message value is not valid UTF-8 (a JSON message must be UTF-8; was it sent as latin-1?).", 1, Noon),
            Letter("c", "poison", "'t' is an invalid start of a value (a.*b).", 2, Noon.AddHours(1)),
            Letter("d", "gap", "Offsets 5 to 9 left the log before they were consumed.", 2, Noon.AddHours(2)),
        ]);
        var queries = new DeadLetterQueries(pipeline.Database);

        async Task<string[]> Ids(DeadLetterFilter filter)
        {
            var page = await queries.GetDeadLettersAsync(filter, 0, 50);
            Assert.Equal(page.Items.Count, page.TotalCount);
            return page.Items.Select(d => d.Id).Order().ToArray();
        }

        Assert.Equal(["a", "b", "c", "d"], await Ids(DeadLetterFilter.None));
        Assert.Equal(["a", "b", "c"], await Ids(new(Kind: "poison")));
        Assert.Equal(["d"], await Ids(new(Kind: "gap")));
        Assert.Equal(["b"], await Ids(new(ReasonContains: "utf-8")));             // case-insensitive
        Assert.Equal(["c"], await Ids(new(ReasonContains: "(a.*b)")));            // taken as text, not as a pattern
        Assert.Equal(["b", "c"], await Ids(new(From: Noon, To: Noon.AddHours(2)))); // from inclusive, to exclusive
        Assert.Equal(["c", "d"], await Ids(new(Partition: 2)));
        Assert.Equal(["c"], await Ids(new(Kind: "poison", Partition: 2, From: Noon)));
    }

    private static BsonDocument Letter(string id, string kind, string reason, int partition, DateTime receivedAt) => new()
    {
        { "_id", id }, { "kind", kind }, { "reason", reason }, { "topic", TestPipeline.Topic }, { "partition", partition },
        { "offset", 1L }, { "receivedAt", receivedAt },
    };
}
