using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using DocStream.Contracts;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;

namespace DocStream.Replayer.Sending;

/// <summary>
/// Posts batches to <c>POST {apiUrl}/api/v1/invoices/batch</c> and keeps at it until each document has an answer:
/// <list type="bullet">
/// <item>200: counts accepted and rejected documents; resends any marked <c>failed</c>.</item>
/// <item>503 with per-document results (Kafka did not acknowledge some): waits <c>Retry-After</c>, then resends what did
/// not get in (resending accepted documents is harmless: ids are stable).</item>
/// <item>413: splits the batch in two and sends each half.</item>
/// <item>400, 415 and other 4xx: the whole batch is refused; every document is reported with the API's problem details.</item>
/// <item>401/403: wrong or missing key, 404: wrong URL: <see cref="ReplayAbortedException"/>.</item>
/// <item>Timeouts, refused connections, 408, 429, a 503 without results, other 5xx: sent again by
/// <see cref="IngestRetryPipeline"/> (Polly: Retry-After, else exponential backoff with jitter, capped).</item>
/// </list>
/// All of it for as long as <see cref="IngestClientOptions.MaxRetryTime"/> allows, then <see cref="ReplayAbortedException"/>.
/// </summary>
public sealed class IngestClient(HttpClient http, IngestClientOptions options, ReplayStatistics statistics)
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly IngestRetryPipeline _retry = new(options);

    public IngestClientOptions Options { get; } = options;

    public async Task<BatchDelivery> DeliverAsync(IReadOnlyList<ReplayDocument> documents, CancellationToken cancellationToken)
    {
        var delivery = new BatchDelivery();
        if (documents.Count == 0)
        {
            return delivery;
        }
        statistics.AddSent(documents.Count);

        using var body = new PooledBufferWriter();
        var work = new Stack<IReadOnlyList<ReplayDocument>>();
        work.Push(documents);
        var budget = new RetryBudget(Options.TimeProvider, Options.MaxRetryTime);
        var settleFailures = 0;
        var isRetry = false;

        while (work.Count > 0)
        {
            var pending = work.Pop();
            while (pending.Count > 0)
            {
                body.Clear();
                InvoiceJsonWriter.WriteArray(body, pending);
                var attempt = await _retry.ExecuteAsync(async ct =>
                {
                    var sent = await PostAsync(body.WrittenMemory, isRetry, ct).ConfigureAwait(false);
                    isRetry = true;
                    return sent;
                }, budget, cancellationToken).ConfigureAwait(false);

                var code = attempt.Status is { } status ? (int)status : 0;
                if (attempt.IsTransient)
                {
                    throw GaveUp(budget, attempt.Describe());
                }
                if (code is >= 200 and < 300 || code == 503)
                {
                    // Results per document (a 503 without them is transient): what failed is sent again, after a wait.
                    var unresolved = Settle(pending, attempt, delivery);
                    if (unresolved.Count == 0)
                    {
                        pending = [];
                        continue;
                    }
                    if (unresolved.Count < pending.Count)
                    {
                        settleFailures = 0; // progress: the next wait starts short again
                        budget.Progress();
                    }
                    pending = unresolved;
                    var failure = $"{code} {attempt.Status}: {unresolved.Count} document(s) not stored yet";
                    var delay = attempt.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : _retry.Backoff(settleFailures++);
                    if (!budget.Allows(delay))
                    {
                        throw GaveUp(budget, failure);
                    }
                    await Task.Delay(delay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
                else if (code == 413)
                {
                    if (pending.Count == 1)
                    {
                        Refuse(pending, delivery, $"413 Payload Too Large even alone: {attempt.Problem}");
                    }
                    else
                    {
                        // Push the second half first so that the first half is sent first: the order is kept.
                        var half = pending.Count / 2;
                        work.Push(Slice(pending, half, pending.Count - half));
                        work.Push(Slice(pending, 0, half));
                    }
                    pending = [];
                }
                else if (code is 401 or 403)
                {
                    throw new ReplayAbortedException(
                        $"The ingest API refused the API key ({code} {attempt.Status}) at {Options.BatchUri}. " +
                        $"Pass the key with --api-key or the DOCSTREAM_API_KEY environment variable. {attempt.Problem}");
                }
                else if (code is 404 or 405)
                {
                    throw new ReplayAbortedException(
                        $"{Options.BatchUri} answered {code} {attempt.Status}: is --api-url the DocStream ingest API?");
                }
                else if (code == 415)
                {
                    throw new ReplayAbortedException(
                        $"The ingest API does not take application/json batches (415 Unsupported Media Type): {attempt.Problem}");
                }
                else
                {
                    Refuse(pending, delivery, $"Batch refused: {code} {attempt.Status}: {attempt.Problem}");
                    pending = [];
                }
            }
        }
        return delivery;
    }

    private ReplayAbortedException GaveUp(RetryBudget budget, string failure) => new(
        $"Gave up after {budget.FailingFor.TotalSeconds:0.#} s of failed attempts (--max-retry-time {Options.MaxRetryTime}) " +
        $"sending to {Options.BatchUri}. Last error: {failure}");

    /// <summary>Counts what the results settle; returns the documents to send again (failed or without a result).</summary>
    private static List<ReplayDocument> Settle(IReadOnlyList<ReplayDocument> sent, IngestAttempt attempt, BatchDelivery delivery)
    {
        var retry = new List<ReplayDocument>();
        if (attempt.Results is null)
        {
            if (attempt.Status == HttpStatusCode.ServiceUnavailable)
            {
                retry.AddRange(sent);
            }
            else
            {
                delivery.Accepted += sent.Count; // a 2xx without per-document results: all in
            }
            return retry;
        }

        var answered = new bool[sent.Count];
        foreach (var result in attempt.Results)
        {
            if (result.Index < 0 || result.Index >= sent.Count || answered[result.Index])
            {
                continue;
            }
            answered[result.Index] = true;
            var document = sent[result.Index];
            switch (result.Status)
            {
                case "accepted":
                    delivery.Accepted++;
                    break;
                case "rejected":
                    delivery.Rejections.Add(new DocumentRejection(document, "api", result.Errors ?? "Rejected by the API (no reason given)."));
                    break;
                default: // failed, or anything unknown: send again
                    retry.Add(document);
                    break;
            }
        }
        for (var i = 0; i < sent.Count; i++)
        {
            if (!answered[i])
            {
                retry.Add(sent[i]);
            }
        }
        return retry;
    }

    private static void Refuse(IReadOnlyList<ReplayDocument> documents, BatchDelivery delivery, string reason)
    {
        foreach (var document in documents)
        {
            delivery.Rejections.Add(new DocumentRejection(document, "api-refused", reason));
        }
    }

    private static List<ReplayDocument> Slice(IReadOnlyList<ReplayDocument> documents, int start, int count)
    {
        var slice = new List<ReplayDocument>(count);
        for (var i = start; i < start + count; i++)
        {
            slice.Add(documents[i]);
        }
        return slice;
    }

    private async Task<IngestAttempt> PostAsync(ReadOnlyMemory<byte> body, bool isRetry, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.BatchUri);
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        if (!string.IsNullOrEmpty(Options.ApiKey))
        {
            request.Headers.TryAddWithoutValidation(PipelineNames.ApiKeyHeader, Options.ApiKey);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            // The content is buffered (within the client timeout) in pooled memory; a 5,000-document answer is ~0.5 MB: copy it
            // into a pooled buffer too, not into a new large-object-heap array each time.
            using var answer = new PooledBufferWriter(64 * 1024);
            await ReadBodyAsync(response.Content, answer, cancellationToken).ConfigureAwait(false);
            var bytes = answer.WrittenMemory.Span;
            statistics.RequestCompleted(Stopwatch.GetElapsedTime(started), body.Length, isRetry);
            var retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => (TimeSpan?)null,
            };
            var status = response.StatusCode;
            var isResultBody = status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable || (int)status is >= 200 and < 300;
            return new IngestAttempt(
                status,
                retryAfter,
                isResultBody ? IngestResponseParser.ReadResults(bytes) : null,
                (int)status >= 300 ? IngestResponseParser.DescribeProblem(bytes) : null,
                null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException)
        {
            statistics.RequestCompleted(Stopwatch.GetElapsedTime(started), body.Length, isRetry);
            var error = e is TaskCanceledException
                ? $"no answer within {http.Timeout.TotalSeconds:0} s (timeout)"
                : e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            return new IngestAttempt(null, null, null, null, error);
        }
    }

    private static async Task ReadBodyAsync(HttpContent content, PooledBufferWriter target, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var read = await stream.ReadAsync(target.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }
            target.Advance(read);
        }
    }
}
