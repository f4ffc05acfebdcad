using Microsoft.Net.Http.Headers;

namespace DocStream.Dashboard.Export;

/// <summary>
/// A download written to the response while its rows arrive (rows come from a MongoDB cursor, never a list of
/// them all), so the whole data set exports with the memory of one cursor batch and one write buffer.
/// </summary>
public sealed class ExportResult<T>(ExportFormat format, string fileStem, IReadOnlyList<ExportColumn<T>> columns, IAsyncEnumerable<T> rows) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = ExportFormats.ContentType(format);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileStem + ExportFormats.Extension(format));
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";

        var body = response.Body;
        await using IExportRecordWriter writer = format == ExportFormat.Csv
            ? new CsvExportWriter(body, columns.Select(c => c.Name).ToArray())
            : new JsonLinesExportWriter(body);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var column in columns)
            {
                column.Write(writer, row);
            }
            await writer.EndRecordAsync(cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }
}
