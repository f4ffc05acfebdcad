namespace DocStream.Dashboard.Data;

/// <summary>
/// A page's loads, newest wins: each run cancels the one before it, and only the newest run's result or error reaches the
/// page. Why: two quick clicks start two queries that MongoDB may answer in either order, and the older must not win.
/// </summary>
/// <remarks>Not thread-safe: a component calls it on its renderer's dispatcher only (InvokeAsync from a timer).</remarks>
public sealed class LatestQuery : IDisposable
{
    private CancellationTokenSource? _current;
    private bool _disposed;

    /// <summary>
    /// Runs <paramref name="query"/> with a fresh token, then hands its result to <paramref name="apply"/> or its failure
    /// (as <see cref="QueryErrors.Describe"/> words it) to <paramref name="fail"/>: neither, if a newer run started
    /// meanwhile or the page was disposed. After disposal it queries nothing.
    /// </summary>
    public async Task RunAsync<T>(Func<CancellationToken, Task<T>> query, Action<T> apply, Action<string> fail)
    {
        if (_disposed)
        {
            return;
        }
        Cancel();
        _current = new CancellationTokenSource();
        var token = _current.Token;
        try
        {
            var result = await query(token);
            if (!token.IsCancellationRequested)
            {
                apply(result);
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Superseded or disposed: whatever this query ended with is no longer the page's business.
        }
        catch (Exception e)
        {
            fail(QueryErrors.Describe(e));
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Cancel();
    }

    private void Cancel()
    {
        _current?.Cancel();
        _current?.Dispose();
        _current = null;
    }
}
