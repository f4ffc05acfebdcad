using DocStream.IngestApi.Status;
using DocStream.ServiceDefaults.Kafka;

namespace DocStream.IngestApi.Tests.Status;

/// <summary>The document locator's shared view of the processor group's positions (no broker: the read is a stand-in).</summary>
public sealed class CommittedPositionsCacheTests
{
    private readonly SteppedClock _clock = new();
    private int _reads;

    private static IReadOnlyList<PartitionPosition> Positions(long committed) => [new PartitionPosition(0, 0, 100, committed)];

    private CommittedPositionsCache Cache(Func<int, Task<IReadOnlyList<PartitionPosition>>> read) =>
        new(_ => read(Interlocked.Increment(ref _reads)), _clock, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Concurrent_lookups_share_one_read_in_flight()
    {
        var answer = new TaskCompletionSource<IReadOnlyList<PartitionPosition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cache = Cache(_ => answer.Task);

        var lookups = Enumerable.Range(0, 20).Select(_ => cache.GetAsync(CancellationToken.None)).ToList();
        answer.SetResult(Positions(42));
        var results = await Task.WhenAll(lookups);

        Assert.Equal(1, _reads);
        Assert.All(results, r => Assert.Equal(42, Assert.Single(r).Committed));
    }

    [Fact]
    public async Task An_answer_is_reused_until_it_is_a_second_old_then_read_again()
    {
        var cache = Cache(n => Task.FromResult(Positions(n)));

        var first = await cache.GetAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        var second = await cache.GetAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var third = await cache.GetAsync(CancellationToken.None);

        Assert.Equal(1, first[0].Committed);
        Assert.Equal(1, second[0].Committed);
        Assert.Equal(2, third[0].Committed);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task A_failed_read_is_not_kept_the_next_lookup_reads_again()
    {
        var cache = Cache(n => n == 1 ? Task.FromException<IReadOnlyList<PartitionPosition>>(new TimeoutException("broker gone")) : Task.FromResult(Positions(7)));

        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetAsync(CancellationToken.None));
        var next = await cache.GetAsync(CancellationToken.None);

        Assert.Equal(7, next[0].Committed);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task A_lookup_that_gives_up_does_not_cancel_the_read_the_others_wait_for()
    {
        var answer = new TaskCompletionSource<IReadOnlyList<PartitionPosition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cache = Cache(_ => answer.Task);
        using var impatient = new CancellationTokenSource();

        var givingUp = cache.GetAsync(impatient.Token);
        var waiting = cache.GetAsync(CancellationToken.None);
        await impatient.CancelAsync();
        answer.SetResult(Positions(5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givingUp);
        Assert.Equal(5, (await waiting)[0].Committed);
        Assert.Equal(1, _reads);
    }
}
