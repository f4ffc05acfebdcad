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
/// <item>503 (Kafka unavailable) and 429 (rate limited): waits <c>Retry-After</c>, then resends what did not get in
/// (resending accepted documents is harmless: ids are stable).</item>
/// <item>413: splits the batch in two and sends each half.</item>
/// <item>400, 415 and other 4xx: the whole batch is refused; every document is reported with the API's problem details.</item>
/// <item>401/403: wrong or missing key, 404: wrong URL: <see cref="ReplayAbortedException"/>.</item>
/// <item>Timeouts, refused connections, other 5xx: exponential backoff with jitter (capped), honouring Retry-After,
/// for as long as <see cref="IngestClientOptions.MaxRetryTime"/> allows, then <see cref="ReplayAbortedException"/>.</item>
/// </list>
/// </summary>
public sealed class IngestClient(HttpClient http, IngestClientOptions options, ReplayStatistics statistics)
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

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
        var failures = 0;
        long? failingSince = null;
        var isRetry = false;

        while (work.Count > 0)
        {
            var pending = work.Pop();
            while (pending.Count > 0)
            {
                body.Clear();
                InvoiceJsonWriter.WriteArray(body, pending);
                var attempt = await PostAsync(body.WrittenMemory, isRetry, cancellationToken).ConfigureAwait(false);
                isRetry = true;

                TimeSpan? wait = attempt.RetryAfter;
                string failure;
                var code = attempt.Status is { } status ? (int)status : 0;
                if (code == 0)
                {
                    failure = attempt.Error!;
                }
                else if (code is >= 200 and < 300 || (code == 503 && attempt.Results is not null))
                {
                    var unresolved = Settle(pending, attempt, delivery);
                    if (unresolved.Count == 0)
                    {
                        pending = [];
                        continue;
                    }
                    if (unresolved.Count < pending.Count)
                    {
                        failures = 0; // progress: the next wait starts short again
                        failingSince = null;
                    }
                    pending = unresolved;
                    failure = $"{code} {attempt.Status}: {unresolved.Count} document(s) not stored yet";
                }
                else if (code is 503 or 429)
                {
                    failure = $"{code} {attempt.Status}: {attempt.Problem}";
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
                    continue;
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
                else if (code is >= 400 and < 500 && code != 408)
                {
                    Refuse(pending, delivery, $"Batch refused: {code} {attempt.Status}: {attempt.Problem}");
                    pending = [];
                    continue;
                }
                else
                {
                    failure = $"{code} {attempt.Status}: {attempt.Problem}";
                }

                // Something must be sent again: wait, within the retry time.
                var now = Options.TimeProvider.GetTimestamp();
                failingSince ??= now;
                var failingFor = Options.TimeProvider.GetElapsedTime(failingSince.Value, now);
                var delay = wait is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : Backoff(failures);
                failures++;
                if (failingFor + delay > Options.MaxRetryTime)
                {
                    throw new ReplayAbortedException(
                        $"Gave up after {failingFor.TotalSeconds:0.#} s of failed attempts (--max-retry-time {Options.MaxRetryTime}) " +
                        $"sending to {Options.BatchUri}. Last error: {failure}");
                }
                await Options.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
        return delivery;
    }

    /// <summary>Exponential backoff with jitter: 50-100 % of min(cap, initial × 2^failures).</summary>
    private TimeSpan Backoff(int failures)
    {
        var exponential = Options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16));
        var capped = Math.Min(exponential, Options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>Counts what the results settle; returns the documents to send again (failed or without a result).</summary>
    private static List<ReplayDocument> Settle(IReadOnlyList<ReplayDocument> sent, Attempt attempt, BatchDelivery delivery)
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

    private async Task<Attempt> PostAsync(ReadOnlyMemory<byte> body, bool isRetry, CancellationToken cancellationToken)
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
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            statistics.RequestCompleted(Stopwatch.GetElapsedTime(started), body.Length, isRetry);
            var retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => (TimeSpan?)null,
            };
            var status = response.StatusCode;
            var isResultBody = status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable || (int)status is >= 200 and < 300;
            return new Attempt(
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
            return new Attempt(null, null, null, null, error);
        }
    }

    private sealed record Attempt(
        HttpStatusCode? Status,
        TimeSpan? RetryAfter,
        IReadOnlyList<IngestResponseParser.DocumentResult>? Results,
        string? Problem,
        string? Error);
}
