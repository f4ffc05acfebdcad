using System.Net;

namespace DocStream.Replayer.Sending;

/// <summary>One POST of a batch and what came back: a status (with results or a problem), or a transport error.</summary>
internal sealed record IngestAttempt(
    HttpStatusCode? Status,
    TimeSpan? RetryAfter,
    IReadOnlyList<IngestResponseParser.DocumentResult>? Results,
    string? Problem,
    string? Error)
{
    /// <summary>
    /// Worth sending the same body again after a wait: no answer (timeout, refused connection), 408, 429, a 503 without
    /// per-document results (with results, the settle logic resends only what failed), another 5xx, or anything that is
    /// neither a success nor a client error (a redirect left unfollowed).
    /// </summary>
    public bool IsTransient => Status switch
    {
        null => true,
        HttpStatusCode.ServiceUnavailable => Results is null,
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => true,
        { } code => (int)code is < 200 or (>= 300 and < 400) or >= 500,
    };

    /// <summary>What went wrong, for the message of a replay that gives up.</summary>
    public string Describe() => Status is { } status ? $"{(int)status} {status}: {Problem}" : Error ?? "no answer";
}
