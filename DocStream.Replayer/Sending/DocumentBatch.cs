using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Sending;

/// <summary>
/// Documents sent in one request. <see cref="Sequence"/> numbers the batches in file order; <see cref="LastRow"/> is
/// the last data row read into it (unmappable rows included), so confirming the batch confirms every row up to there.
/// A batch may be empty: it then only carries unmappable rows at the end of the file to the checkpoint.
/// </summary>
public sealed record DocumentBatch(long Sequence, IReadOnlyList<ReplayDocument> Documents, long LastRow);
