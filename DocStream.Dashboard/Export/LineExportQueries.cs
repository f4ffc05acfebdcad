using System.Runtime.CompilerServices;
using DocStream.Contracts;
using DocStream.Dashboard.Data;
using MongoDB.Driver;

namespace DocStream.Dashboard.Export;

/// <summary>
/// Lines for export, read with a cursor in batches under the grid's filters and sort, so memory stays at one batch
/// whatever the number of lines.
/// </summary>
public sealed class LineExportQueries(IMongoDatabase database) : ILineExportSource
{
    public const int BatchSize = 2_000;

    private readonly IMongoCollection<InvoiceLine> _lines = database.GetCollection<InvoiceLine>(PipelineNames.InvoicesCollection);

    public async IAsyncEnumerable<InvoiceLine> StreamAsync(LineFilter filter, LineSort sort, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var options = new FindOptions<InvoiceLine> { BatchSize = BatchSize, Sort = LineQueries.BuildSort(sort) };
        using var cursor = await _lines.FindAsync(LineQueries.BuildFilter(filter), options, cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var line in cursor.Current)
            {
                yield return line;
            }
        }
    }
}
