using System.Diagnostics;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;
using DocStream.Replayer.Sending;

namespace DocStream.Replayer.Tests;

/// <summary>The whole real data set, streamed from the .gz: the counts the data README gives.</summary>
public sealed class FullDataSetTests
{
    [Fact]
    public void The_full_file_streams_all_541909_rows_with_the_counts_the_data_readme_gives()
    {
        var clock = Stopwatch.StartNew();
        using var reader = InvoiceCsvReader.Open(TestData.FullFile);
        var mapper = new InvoiceRowMapper(DataFileName.IdPrefix(TestData.FullFile));
        long rows = 0, cancellations = 0, emptyCustomers = 0, emptyDescriptions = 0, pounds = 0, totalQuantity = 0, unmappable = 0;
        long threeDecimalPrices = 0, negativePrices = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        DateTime first = DateTime.MaxValue, last = DateTime.MinValue;

        foreach (var record in reader.ReadRecords())
        {
            rows++;
            if (!mapper.TryMap(record, out var document, out _))
            {
                unmappable++;
                continue;
            }
            var line = document.Line;
            cancellations += line.InvoiceNo.StartsWith('C') ? 1 : 0;
            emptyCustomers += line.CustomerID is null ? 1 : 0;
            emptyDescriptions += line.Description.Length == 0 ? 1 : 0;
            pounds += line.Description.Contains('£') ? 1 : 0;
            totalQuantity += line.Quantity;
            threeDecimalPrices += line.UnitPrice.Scale == 3 ? 1 : 0;
            negativePrices += line.UnitPrice < 0 ? 1 : 0;
            ids.Add(line.Id);
            first = line.InvoiceDate < first ? line.InvoiceDate : first;
            last = line.InvoiceDate > last ? line.InvoiceDate : last;
        }

        Assert.Equal(541_909, rows);
        Assert.Equal(0, unmappable);
        Assert.Equal(9_288, cancellations);
        Assert.Equal(135_080, emptyCustomers);
        Assert.Equal(1_454, emptyDescriptions);
        Assert.Equal(5_176_450, totalQuantity);
        Assert.Equal(32, pounds);
        Assert.Equal(4, threeDecimalPrices);
        Assert.Equal(2, negativePrices);
        Assert.Equal(541_909, ids.Count);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), first, TimeSpan.Zero);
        Assert.Equal(new DateTime(2011, 12, 9, 12, 50, 0), last, TimeSpan.Zero);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Reading the full file took {clock.Elapsed}.");
    }

    [Fact]
    public void Serializing_the_whole_data_set_to_json_takes_seconds_not_minutes()
    {
        var clock = Stopwatch.StartNew();
        using var reader = InvoiceCsvReader.Open(TestData.FullFile);
        var mapper = new InvoiceRowMapper("online-retail");
        var statistics = new ReplayStatistics();
        using var buffer = new PooledBufferWriter();
        var batch = new List<ReplayDocument>(1000);
        long bytes = 0;
        foreach (var row in ReplayRowSource.Read(reader, mapper, 0, null, statistics))
        {
            batch.Add(row.Document!);
            if (batch.Count == 1000)
            {
                buffer.Clear();
                InvoiceJsonWriter.WriteArray(buffer, batch);
                bytes += buffer.WrittenCount;
                batch.Clear();
            }
        }
        buffer.Clear();
        InvoiceJsonWriter.WriteArray(buffer, batch);
        bytes += buffer.WrittenCount;

        Assert.Equal(541_909, statistics.RowsRead);
        Assert.InRange(bytes, 100_000_000, 150_000_000);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Reading and serializing took {clock.Elapsed}.");
    }
}
