namespace DocStream.Replayer.Sending;

/// <summary>How a replay's sending ended.</summary>
public enum SendOutcome
{
    /// <summary>Every row was read and has an answer.</summary>
    Completed,

    /// <summary>Stopped by Ctrl-C (the cancellation token).</summary>
    Cancelled,

    /// <summary>Could not go on: key refused, API unreachable past the retry time.</summary>
    Aborted,
}
