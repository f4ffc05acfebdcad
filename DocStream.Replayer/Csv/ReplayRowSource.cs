using DocStream.Replayer.Reporting;

namespace DocStream.Replayer.Csv;

/// <summary>The rows of a replay: the file's lines after the starting row, up to the limit, each mapped to a document or reported as unmappable.</summary>
public static class ReplayRowSource
{
    public static IEnumerable<ReplayRow> Read(InvoiceCsvReader reader, InvoiceRowMapper mapper, long startAfterRow, long? limit, ReplayStatistics statistics)
    {
        statistics.FileLength = reader.Length;
        long taken = 0;
        foreach (var record in reader.ReadRecords())
        {
            if (record.RowNumber <= startAfterRow)
            {
                continue;
            }
            if (taken >= limit)
            {
                break;
            }
            taken++;
            statistics.RowRead();
            if ((taken & 1023) == 0)
            {
                statistics.SetFileBytesRead(reader.BytesRead);
            }
            yield return mapper.TryMap(record, out var document, out var unmappable)
                ? new ReplayRow(record.RowNumber, document, null)
                : new ReplayRow(record.RowNumber, null, unmappable);
        }
        statistics.SetFileBytesRead(reader.Length > 0 && limit is null ? reader.Length : reader.BytesRead);
    }
}
