using DocStream.Contracts;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;

namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>The first rows of the real data set as documents, with the replayer's ids (<c>online-retail:ROW</c>).</summary>
internal static class RealRows
{
    private static readonly Lock Gate = new();
    private static List<InvoiceLine> _cache = [];

    public static IReadOnlyList<InvoiceLine> First(int count)
    {
        lock (Gate)
        {
            if (_cache.Count < count)
            {
                using var reader = InvoiceCsvReader.Open(Paths.FullDataFile);
                var mapper = new InvoiceRowMapper("online-retail");
                _cache = ReplayRowSource.Read(reader, mapper, 0, count, new ReplayStatistics())
                    .Select(r => r.Document?.Line ?? throw new InvalidDataException($"Row {r.RowNumber} of the data set did not map: {r.Unmappable}"))
                    .ToList();
            }
            return _cache.Take(count).ToList();
        }
    }
}
