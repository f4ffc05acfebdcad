using DocStream.StreamProcessor.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DocStream.StreamProcessor.Tests;

/// <summary>SIGKILL at any point: at-least-once consumption plus upserts by id leave the store exact.</summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_processor_at_several_points_of_a_real_stream_and_restarting_it_stores_every_row_exactly_once()
    {
        var rows = RealRows.First(30_000);
        await using var pipeline = await TestPipeline.StartAsync(output);
        await pipeline.ProduceLinesAsync(rows.Take(15_000));
        var settings = pipeline.Settings with { MaxBatchSize = 500 };

        // Kill as soon as the store passes each mark: mid-stream, with batches in flight and offsets not yet committed.
        // Spaced so that even a fast drain (tens of thousands per second) is still mid-stream at each kill.
        var marks = new[] { 1, 3_000, 8_000, 13_000, 18_000 };
        for (var run = 0; run < marks.Length; run++)
        {
            var processor = await pipeline.StartProcessorAsync($"crash-{run}", settings);
            await TestPipeline.WaitUntilAsync(async () => await pipeline.CountInvoicesAsync() >= marks[run], TimeSpan.FromSeconds(60),
                $"the store to pass {marks[run]} documents (run {run})");
            processor.Process.Kill();
            var atKill = await pipeline.CountInvoicesAsync();
            output.WriteLine($"Run {run}: killed with {atKill} documents stored.");
            Assert.True(atKill < rows.Count, $"Run {run} was not killed mid-stream ({atKill} of {rows.Count} stored).");
            if (run == 1)
            {
                // More of the stream arrives while the processor is down and after it restarted.
                await pipeline.ProduceLinesAsync(rows.Skip(15_000).Take(10_000));
            }
        }

        // The last 5,000 rows come only after the last kill, so every kill was certainly mid-stream.
        await pipeline.ProduceLinesAsync(rows.Skip(25_000));
        var last = await pipeline.StartProcessorAsync("crash-final", settings);
        await pipeline.WaitForInvoicesAsync(rows.Count, TimeSpan.FromSeconds(90));
        await Task.Delay(1000); // a replayed batch still in flight could only overwrite, never add: give it the chance to show
        await pipeline.AssertStoreEqualsAsync(rows);
        Assert.False(last.Process.HasExited, "The last processor died.");
    }
}
