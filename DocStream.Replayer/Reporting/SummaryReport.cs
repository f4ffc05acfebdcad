using System.Globalization;
using Spectre.Console;

namespace DocStream.Replayer.Reporting;

/// <summary>The final report: a table for people, then one <c>REPLAY ...</c> line for scripts.</summary>
public static class SummaryReport
{
    public static void Write(IAnsiConsole console, TextWriter machineOutput, ReplayStatistics statistics, string title, bool dryRun, string rejectsPath, long rejectsWritten)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        table.AddColumn("Measure");
        table.AddColumn(new TableColumn("Value").RightAligned());

        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        var c = CultureInfo.InvariantCulture;

        Row("Rows read", statistics.RowsRead.ToString("N0", c));
        if (dryRun)
        {
            Row("Documents mapped", (statistics.RowsRead - statistics.Unmappable).ToString("N0", c));
            Row("JSON serialized", FormatBytes(statistics.SerializedBytes));
        }
        else
        {
            Row("Sent", statistics.DocumentsSent.ToString("N0", c));
            Row("Accepted", statistics.Accepted.ToString("N0", c));
            Row("Rejected (API)", statistics.Rejected.ToString("N0", c));
        }
        Row("Unmappable (CSV)", statistics.Unmappable.ToString("N0", c));
        if (!dryRun)
        {
            Row("Requests", statistics.Requests.ToString("N0", c));
            Row("Retried requests", statistics.RetriedRequests.ToString("N0", c));
        }
        Row("Elapsed", statistics.Elapsed.TotalSeconds.ToString("0.00 's'", c));
        Row(dryRun ? "Rows/s" : "Documents/s", statistics.DocumentsPerSecond.ToString("N0", c));
        if (!dryRun)
        {
            Row("Request latency p50", FormatMilliseconds(statistics.Latency.Percentile(50)));
            Row("Request latency p99", FormatMilliseconds(statistics.Latency.Percentile(99)));
            Row("Bytes sent", FormatBytes(statistics.BytesSent));
        }
        Row("Rejects file", rejectsWritten == 0 ? $"{rejectsPath} (empty)" : $"{rejectsPath} ({rejectsWritten:N0} rows)");
        console.Write(table);

        machineOutput.WriteLine(MachineLine(statistics));
        machineOutput.Flush();
    }

    /// <summary><c>REPLAY rows=541909 accepted=541909 rejected=0 unmappable=0 retried=0 seconds=12.34 docs_per_s=43912</c></summary>
    public static string MachineLine(ReplayStatistics statistics) => string.Create(CultureInfo.InvariantCulture,
        $"REPLAY rows={statistics.RowsRead} accepted={statistics.Accepted} rejected={statistics.Rejected} unmappable={statistics.Unmappable} retried={statistics.RetriedRequests} seconds={statistics.Elapsed.TotalSeconds:0.00} docs_per_s={statistics.DocumentsPerSecond:0}");

    private static string FormatMilliseconds(double? ms) => ms is { } value ? value.ToString("0.0 'ms'", CultureInfo.InvariantCulture) : "-";

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.0 'MiB'", CultureInfo.InvariantCulture),
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0 'KiB'", CultureInfo.InvariantCulture),
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
