using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Export;

/// <summary>Every dead letter matching a filter, newest first, as a stream (see <see cref="DeadLetterExportQueries"/>).</summary>
public interface IDeadLetterExportSource
{
    IAsyncEnumerable<DeadLetter> StreamAsync(DeadLetterFilter filter, CancellationToken cancellationToken = default);
}
