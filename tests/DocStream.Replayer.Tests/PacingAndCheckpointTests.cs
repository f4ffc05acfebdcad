using DocStream.Replayer.Sending;

namespace DocStream.Replayer.Tests;

/// <summary>When documents are due, and how far the checkpoint may move when batches finish out of order.</summary>
public sealed class PacingAndCheckpointTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private static readonly DateTime Start = new(2010, 12, 1, 8, 26, 0);

    [Fact]
    public void A_rate_spaces_documents_evenly()
    {
        var pacer = new Pacer(rate: 500, speedup: null);

        var due = Enumerable.Range(0, 3).Select(_ => pacer.DueTime(Start)).ToList();

        Assert.True(pacer.IsPaced);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4)], due);
    }

    [Fact]
    public void A_speedup_of_86400_replays_one_data_day_per_second()
    {
        var pacer = new Pacer(rate: null, speedup: 86400);

        Assert.Equal(TimeSpan.Zero, pacer.DueTime(Start));
        Assert.Equal(TimeSpan.FromSeconds(0.5), pacer.DueTime(Start.AddHours(12)));
        Assert.Equal(TimeSpan.FromSeconds(2), pacer.DueTime(Start.AddDays(2)));
    }

    [Fact]
    public void Without_rate_or_speedup_everything_is_due_at_once()
    {
        var pacer = new Pacer(rate: null, speedup: null);

        Assert.False(pacer.IsPaced);
        Assert.Equal(TimeSpan.Zero, pacer.DueTime(Start.AddDays(100)));
    }

    [Fact]
    public void The_checkpoint_moves_only_over_batches_whose_predecessors_have_finished()
    {
        var store = new CheckpointStore(_directory.File("shop.replay-state.json"));
        var tracker = new CheckpointTracker(store, "shop.csv", 1234, startAfterRow: 0);

        tracker.Finished(1, 200);
        tracker.Finished(2, 300);
        Assert.Equal(0, tracker.LastConfirmedRow);

        tracker.Finished(0, 100);
        Assert.Equal(300, tracker.LastConfirmedRow);

        tracker.Finished(4, 500);
        tracker.Flush();
        var saved = store.Load();
        Assert.NotNull(saved);
        Assert.Equal(300, saved.LastConfirmedRow);
        Assert.Equal("shop.csv", saved.FileName);
        Assert.Equal(1234, saved.FileLength);
    }

    [Fact]
    public void A_resumed_tracker_starts_at_the_row_it_resumes_from()
    {
        var tracker = new CheckpointTracker(null, "shop.csv", 1, startAfterRow: 5000);

        tracker.Finished(0, 6000);

        Assert.Equal(6000, tracker.LastConfirmedRow);
    }

    public void Dispose() => _directory.Dispose();
}
