namespace DocStream.Replayer.Cli;

/// <summary>The replayer's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Every row was accepted, or rejected by validation and reported in the rejects file.</summary>
    public const int Success = 0;

    /// <summary>The replay could not finish: API unreachable past --max-retry-time, API key refused.</summary>
    public const int Failed = 1;

    /// <summary>Bad options or an unusable data file.</summary>
    public const int UsageError = 2;

    /// <summary>Cancelled by Ctrl-C (after the summary and the resume checkpoint).</summary>
    public const int Cancelled = 130;
}
