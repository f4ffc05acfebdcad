using Polly;
using Polly.Retry;

namespace DocStream.Replayer.Sending;

/// <summary>
/// Polly's retry for what is generic about resending a batch: transient answers (<see cref="IngestAttempt.IsTransient"/>)
/// are sent again after <c>Retry-After</c> when the API gave one, otherwise after exponential backoff with jitter, for
/// as long as the batch's <see cref="RetryBudget"/> allows. Waits go through the options' <see cref="TimeProvider"/>.
/// </summary>
internal sealed class IngestRetryPipeline
{
    private static readonly ResiliencePropertyKey<RetryBudget> BudgetKey = new("docstream.retry-budget");
    private static readonly ResiliencePropertyKey<TimeSpan> NextDelayKey = new("docstream.next-delay");

    private readonly ResiliencePipeline<IngestAttempt> _pipeline;
    private readonly IngestClientOptions _options;

    public IngestRetryPipeline(IngestClientOptions options)
    {
        _options = options;
        _pipeline = new ResiliencePipelineBuilder<IngestAttempt> { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions<IngestAttempt>
            {
                MaxRetryAttempts = int.MaxValue, // bounded by time (the budget), not by count
                // The budget needs the wait to decide, so the wait is chosen here and handed to DelayGenerator.
                ShouldHandle = args =>
                {
                    if (args.Outcome.Result is not { IsTransient: true } attempt)
                    {
                        return ValueTask.FromResult(false);
                    }
                    var delay = attempt.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : Backoff(args.AttemptNumber);
                    args.Context.Properties.Set(NextDelayKey, delay);
                    return ValueTask.FromResult(args.Context.Properties.GetValue(BudgetKey, null!).Allows(delay));
                },
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(NextDelayKey, TimeSpan.Zero)),
            })
            .Build();
    }

    /// <summary>Runs <paramref name="send"/> until it gives a non-transient answer or the budget is spent; returns the last answer.</summary>
    public async Task<IngestAttempt> ExecuteAsync(Func<CancellationToken, Task<IngestAttempt>> send, RetryBudget budget, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(BudgetKey, budget);
            return await _pipeline.ExecuteAsync(
                static async (ctx, send) => await send(ctx.CancellationToken).ConfigureAwait(false), context, send).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Exponential backoff with jitter: 50-100 % of min(cap, initial × 2^failures).</summary>
    public TimeSpan Backoff(int failures)
    {
        var exponential = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16));
        var capped = Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }
}
