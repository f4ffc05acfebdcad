using DocStream.Contracts;
using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Export;

/// <summary>Every line matching a filter, as a stream (see <see cref="LineExportQueries"/>).</summary>
public interface ILineExportSource
{
    IAsyncEnumerable<InvoiceLine> StreamAsync(LineFilter filter, LineSort sort, CancellationToken cancellationToken = default);
}
