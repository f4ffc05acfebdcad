namespace DocStream.Replayer.Reporting;

/// <summary>How progress is shown while the replay runs.</summary>
public enum ProgressMode
{
    /// <summary>A live progress bar (interactive terminal).</summary>
    Live,

    /// <summary>A plain status line every few seconds (output redirected: CI, Aspire).</summary>
    Plain,

    /// <summary>Nothing until the final report (<c>--quiet</c>).</summary>
    None,
}
