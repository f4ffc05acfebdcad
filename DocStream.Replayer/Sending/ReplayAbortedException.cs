namespace DocStream.Replayer.Sending;

/// <summary>The replay cannot go on: the API refused the key, or stayed unreachable past the retry time.</summary>
public sealed class ReplayAbortedException(string message, Exception? inner = null) : Exception(message, inner);
