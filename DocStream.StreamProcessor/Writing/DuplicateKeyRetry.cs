namespace DocStream.StreamProcessor.Writing;

/// <summary>
/// Writes again the lines a bulk write refused with a duplicate key on <c>_id</c>. That can only be a race between two
/// upserts of the same new id (another instance, or a re-drive): the next attempt finds the document and replaces it.
/// What is still refused after the last attempt is refused for good.
/// </summary>
public static class DuplicateKeyRetry
{
    public const string GaveUpReason = "Duplicate key after repeated attempts.";

    /// <param name="first">The outcome of the first attempt at <paramref name="lines"/>.</param>
    /// <param name="upsert">Writes the given lines once; its indices are into that list.</param>
    /// <param name="attempts">Attempts in all, the first included.</param>
    /// <returns>The combined outcome, indices into <paramref name="lines"/>, with nothing left to retry.</returns>
    public static async Task<WriteOutcome> ResolveAsync<TLine>(IReadOnlyList<TLine> lines, WriteOutcome first,
        Func<IReadOnlyList<TLine>, CancellationToken, Task<WriteOutcome>> upsert, int attempts, CancellationToken cancellationToken)
    {
        var written = first.Written;
        var refused = new List<RefusedLine>(first.Refused);
        var retry = first.RetryLater;
        for (var attempt = 1; retry.Count > 0 && attempt < attempts; attempt++)
        {
            await Task.Delay(10 * attempt, cancellationToken);
            var again = await upsert([.. retry.Select(i => lines[i])], cancellationToken);
            written += again.Written;
            refused.AddRange(again.Refused.Select(r => r with { Index = retry[r.Index] }));
            retry = [.. again.RetryLater.Select(i => retry[i])];
        }
        refused.AddRange(retry.Select(i => new RefusedLine(i, GaveUpReason)));
        return new WriteOutcome(written, refused, []);
    }
}
