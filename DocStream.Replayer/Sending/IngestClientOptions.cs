namespace DocStream.Replayer.Sending;

/// <summary>Where and how <see cref="IngestClient"/> sends, and how long it keeps retrying.</summary>
public sealed record IngestClientOptions
{
    public const string BatchPath = "api/v1/invoices/batch";

    public required Uri ApiUrl { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>How long one batch may keep failing (timeouts, refused connections, 503, 429) before the replay gives up.</summary>
    public TimeSpan MaxRetryTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First backoff delay; doubled per consecutive failure up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Measures the retry time and runs the waits between attempts (tests pass a clock that does not sleep).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public Uri BatchUri => new(ApiUrl.ToString().TrimEnd('/') + "/" + BatchPath);
}
