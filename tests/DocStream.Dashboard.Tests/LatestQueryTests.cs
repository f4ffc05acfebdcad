using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Tests;

public class LatestQueryTests
{
    private readonly List<string> _applied = [];
    private readonly List<string> _failed = [];

    private Task Run(LatestQuery latest, Func<CancellationToken, Task<string>> query) => latest.RunAsync(query, _applied.Add, _failed.Add);

    [Fact]
    public async Task The_result_of_a_run_that_a_newer_one_superseded_is_dropped_even_when_it_arrives_last()
    {
        using var latest = new LatestQuery();
        var older = new TaskCompletionSource<string>();
        var olderToken = CancellationToken.None;
        var olderRun = Run(latest, token =>
        {
            olderToken = token;
            return older.Task;
        });

        await Run(latest, _ => Task.FromResult("newer"));
        Assert.True(olderToken.IsCancellationRequested, "the newer run cancels the older one's query");
        older.SetResult("older");
        await olderRun;

        Assert.Equal(["newer"], _applied);
        Assert.Empty(_failed);
    }

    [Fact]
    public async Task The_error_of_a_run_that_a_newer_one_superseded_is_dropped()
    {
        using var latest = new LatestQuery();
        var older = new TaskCompletionSource<string>();
        var olderRun = Run(latest, _ => older.Task);

        await Run(latest, _ => Task.FromResult("newer"));
        older.SetException(new TimeoutException("selecting a server"));
        await olderRun;

        Assert.Equal(["newer"], _applied);
        Assert.Empty(_failed);
    }

    [Fact]
    public async Task The_newest_run_s_error_reaches_the_page_in_words()
    {
        using var latest = new LatestQuery();
        await Run(latest, _ => Task.FromException<string>(new TimeoutException("A timeout occurred after 30000ms selecting a server")));

        Assert.Empty(_applied);
        Assert.Equal([QueryErrors.Describe(new TimeoutException())], _failed);
    }

    [Fact]
    public async Task Disposing_cancels_the_running_query_drops_its_answer_and_starts_no_other()
    {
        var latest = new LatestQuery();
        var pending = new TaskCompletionSource<string>();
        var token = CancellationToken.None;
        var run = Run(latest, t =>
        {
            token = t;
            return pending.Task;
        });

        latest.Dispose();
        Assert.True(token.IsCancellationRequested);
        pending.SetResult("late");
        await run;
        var queriedAfterDispose = false;
        await Run(latest, _ =>
        {
            queriedAfterDispose = true;
            return Task.FromResult("after dispose");
        });

        Assert.False(queriedAfterDispose);
        Assert.Empty(_applied);
        Assert.Empty(_failed);
    }
}
