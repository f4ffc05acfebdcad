using System.Diagnostics;
using System.Text.RegularExpressions;
using DocStream.StreamProcessor.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>Kafka fails while a write is slow or MongoDB is down: nothing older overwrites anything newer, and the processor lives on.</summary>
public sealed partial class BrokerFailureTests(ITestOutputHelper output)
{
    /// <summary>A killed session's partitions move after 3 s; reconnects are quick so the group re-forms within the write's hold.</summary>
    private static ProcessorSettings QuickSession(TestPipeline pipeline) => pipeline.Settings with
    {
        MaxBatchWaitMs = 20,
        Extra = new()
        {
            ["Aspire__Confluent__Kafka__Consumer__Config__SessionTimeoutMs"] = "3000",
            ["Aspire__Confluent__Kafka__Consumer__Config__HeartbeatIntervalMs"] = "300",
            ["Aspire__Confluent__Kafka__Consumer__Config__ReconnectBackoffMaxMs"] = "200",
        },
    };

    [Fact]
    public async Task Partitions_lost_while_a_write_is_held_never_let_that_older_write_overwrite_the_newer_version_written_after()
    {
        var older = RealRows.First(1)[0];
        var newer = older with { Quantity = older.Quantity + 1000 };
        var hold = TimeSpan.FromSeconds(12);
        await using var pipeline = await TestPipeline.StartAsync(output, partitions: 2);
        var processor = await pipeline.StartProcessorAsync("lost-mid-write", QuickSession(pipeline));
        await processor.Process.WaitForLineAsync(AssignedLine(), TimeSpan.FromSeconds(30));

        // The first write of the older version reaches MongoDB and is held there (then applied), as on a slow server.
        await pipeline.HoldNextInvoiceWritesAsync(hold);
        var held = Stopwatch.StartNew();
        await pipeline.ProduceLinesAsync([older]);
        await Task.Delay(1000);
        // The broker goes away for longer than the session: the partitions are lost while that write is still held.
        pipeline.SetKafkaDown(true);
        await processor.Process.WaitForLineAsync(LostLine(), TimeSpan.FromSeconds(30));
        pipeline.SetKafkaDown(false);
        Assert.True(held.Elapsed < hold, "The partitions were lost only after the held write finished: the test proves nothing.");
        // The group comes back and the newer version follows; the uncommitted older one is consumed again before it.
        await pipeline.ProduceLinesAsync([newer]);
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        // Past the hold, the held write has landed whenever it was going to.
        await Task.Delay(hold - held.Elapsed + TimeSpan.FromSeconds(2) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);

        await pipeline.AssertStoreEqualsAsync([newer]);
        Assert.False(processor.Process.HasExited, "The processor exited.");
    }

    [Fact]
    public async Task The_broker_going_down_while_MongoDB_is_down_does_not_stop_the_processor_and_both_returning_ends_with_the_exact_store()
    {
        var rows = RealRows.First(6_000);
        await using var pipeline = await TestPipeline.StartAsync(output, partitions: 4);
        var processor = await pipeline.StartProcessorAsync("both-down", QuickSession(pipeline) with { MaxBatchSize = 500 });
        await pipeline.ProduceLinesAsync(rows.Take(2_000));
        await pipeline.WaitForInvoicesAsync(2_000, TimeSpan.FromSeconds(60));

        pipeline.Mongo.Kill();
        await pipeline.ProduceLinesAsync(rows.Skip(2_000));
        await processor.Process.WaitForLineAsync(PausedLine(), TimeSpan.FromSeconds(30));
        // Kafka too, for longer than the session: polls, pauses, seeks and lag reads all meet a dead broker.
        pipeline.SetKafkaDown(true);
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.False(processor.Process.HasExited, $"The processor died with both down:\n{processor.Process.Output}");
        pipeline.SetKafkaDown(false);
        await pipeline.Mongo.StartAgainAsync();

        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(90));
        await pipeline.WaitForGroupCaughtUpAsync(TimeSpan.FromSeconds(60));
        await pipeline.AssertStoreEqualsAsync(rows);
        Assert.False(processor.Process.HasExited, "The processor exited.");
    }

    [GeneratedRegex(@"Assigned \d+(?:, \d+)*\.")]
    private static partial Regex AssignedLine();

    [GeneratedRegex(@"Lost \d+(?:, \d+)*\.")]
    private static partial Regex LostLine();

    [GeneratedRegex("Paused fetching; retrying with backoff")]
    private static partial Regex PausedLine();
}
