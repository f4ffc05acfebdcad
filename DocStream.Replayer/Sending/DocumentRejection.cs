using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Sending;

/// <summary>A document the API did not take, and why. <see cref="Source"/> is <c>api</c> or <c>api-refused</c>.</summary>
public sealed record DocumentRejection(ReplayDocument Document, string Source, string Reason);
