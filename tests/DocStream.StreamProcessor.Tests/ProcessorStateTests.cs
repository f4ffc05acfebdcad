using DocStream.StreamProcessor.Status;

namespace DocStream.StreamProcessor.Tests;

public sealed class ProcessorStateTests
{
    [Fact]
    public void A_store_failure_keeps_the_time_of_the_first_error_and_a_written_batch_clears_it()
    {
        var state = new ProcessorState();
        state.StoreFailing("first");
        var since = state.Failure!.Since;
        Thread.Sleep(20);
        state.StoreFailing("second");

        Assert.Equal(new ProcessorState.StoreFailure("second", since), state.Failure);
        state.BatchWritten(500, 12.5);
        Assert.Null(state.Failure);
        Assert.Equal(new ProcessorState.LastBatch(500, 12.5), state.Last);
    }

    [Fact]
    public async Task Readers_on_other_threads_never_see_half_of_an_update()
    {
        var state = new ProcessorState();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var writer = Task.Run(() =>
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                state.StoreFailing($"error {i}");
                state.BatchWritten(i, i);
                state.LagSampled(new Dictionary<int, long> { [0] = i }, i, TimeSpan.Zero);
            }
        });
        var torn = 0;
        while (!stop.IsCancellationRequested)
        {
            var last = state.Last;
            var lag = state.Lag;
            if (last.Size != (int)last.Milliseconds || (lag.ByPartition.Count > 0 && lag.ByPartition[0] != lag.ProducedOffsets)
                || state.Failure is { Since.Ticks: 0 })
            {
                torn++;
            }
        }
        await writer;

        Assert.Equal(0, torn);
        Assert.True(state.Batches > 0);
    }
}
