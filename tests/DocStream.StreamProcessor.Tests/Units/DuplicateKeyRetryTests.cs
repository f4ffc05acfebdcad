using DocStream.Contracts;
using DocStream.StreamProcessor.Writing;

namespace DocStream.StreamProcessor.Tests.Units;

public sealed class DuplicateKeyRetryTests
{
    private static readonly InvoiceLine[] Lines = [Messages.Line("a"), Messages.Line("b"), Messages.Line("c"), Messages.Line("d")];

    [Fact]
    public async Task Duplicate_keys_are_written_again_and_counted_with_the_first_attempt()
    {
        var first = new WriteOutcome(2, [new RefusedLine(0, "too large")], [1, 3]);
        var attempts = new List<string[]>();

        var outcome = await DuplicateKeyRetry.ResolveAsync(Lines, first, (retry, _) =>
        {
            attempts.Add([.. retry.Select(l => l.Id)]);
            return Task.FromResult(new WriteOutcome(retry.Count, [], []));
        }, attempts: 3, CancellationToken.None);

        Assert.Equal([["b", "d"]], attempts);
        Assert.Equal(4, outcome.Written);
        Assert.Equal([new RefusedLine(0, "too large")], outcome.Refused);
        Assert.Empty(outcome.RetryLater);
    }

    [Fact]
    public async Task Refusals_of_a_retry_are_reported_at_the_lines_own_index()
    {
        var first = new WriteOutcome(2, [], [1, 3]);

        var outcome = await DuplicateKeyRetry.ResolveAsync(Lines, first,
            (retry, _) => Task.FromResult(new WriteOutcome(0, [new RefusedLine(1, "refused")], [0])),
            attempts: 2, CancellationToken.None);

        Assert.Equal([new RefusedLine(3, "refused"), new RefusedLine(1, DuplicateKeyRetry.GaveUpReason)], outcome.Refused);
    }

    [Fact]
    public async Task A_duplicate_key_on_every_attempt_is_refused_for_good()
    {
        var calls = 0;
        var outcome = await DuplicateKeyRetry.ResolveAsync(Lines, new WriteOutcome(3, [], [2]), (retry, _) =>
        {
            calls++;
            return Task.FromResult(new WriteOutcome(0, [], [0]));
        }, attempts: 3, CancellationToken.None);

        Assert.Equal(2, calls);
        Assert.Equal(3, outcome.Written);
        Assert.Equal([new RefusedLine(2, DuplicateKeyRetry.GaveUpReason)], outcome.Refused);
    }

    [Fact]
    public async Task One_attempt_in_all_retries_nothing()
    {
        var outcome = await DuplicateKeyRetry.ResolveAsync(Lines, new WriteOutcome(3, [], [0]),
            (_, _) => throw new InvalidOperationException("no retry expected"), attempts: 1, CancellationToken.None);

        Assert.Equal([new RefusedLine(0, DuplicateKeyRetry.GaveUpReason)], outcome.Refused);
    }
}
