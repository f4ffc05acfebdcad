using System.Globalization;
using Spectre.Console;

namespace DocStream.Replayer.Reporting;

/// <summary>
/// Shows the replay's progress while it runs: a Spectre.Console progress bar over the bytes of the file (so the
/// ETA is right for a .gz too) with rows/s, accepted, rejected, unmappable and retried; or a plain line every
/// <see cref="PlainInterval"/> when there is no terminal; or nothing.
/// </summary>
public sealed class ProgressDisplay(IAnsiConsole console, TextWriter plainOutput, ReplayStatistics statistics, ProgressMode mode)
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(250);

    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        switch (mode)
        {
            case ProgressMode.Live:
                return await console.Progress()
                    .AutoClear(false)
                    .HideCompleted(false)
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Describe(0), maxValue: Math.Max(1, statistics.FileLength));
                        var running = work();
                        var rate = new RateMeter(statistics);
                        while (!running.IsCompleted)
                        {
                            await Task.WhenAny(running, Task.Delay(LiveInterval)).ConfigureAwait(false);
                            task.MaxValue = Math.Max(1, statistics.FileLength);
                            task.Value = Math.Min(task.MaxValue, statistics.FileBytesRead);
                            task.Description = Describe(rate.Sample());
                        }
                        task.Description = Describe(statistics.DocumentsPerSecond);
                        return await running.ConfigureAwait(false);
                    }).ConfigureAwait(false);

            case ProgressMode.Plain:
            {
                var running = work();
                var rate = new RateMeter(statistics);
                while (!running.IsCompleted)
                {
                    var finished = await Task.WhenAny(running, Task.Delay(PlainInterval)).ConfigureAwait(false);
                    if (finished != running)
                    {
                        var percent = statistics.FileLength > 0 ? 100.0 * statistics.FileBytesRead / statistics.FileLength : 0;
                        plainOutput.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"progress {percent:0}%: rows={statistics.RowsRead} rows_per_s={rate.Sample():0} accepted={statistics.Accepted} rejected={statistics.Rejected} unmappable={statistics.Unmappable} retried={statistics.RetriedRequests}"));
                    }
                }
                return await running.ConfigureAwait(false);
            }

            default:
                return await work().ConfigureAwait(false);
        }
    }

    private string Describe(double rowsPerSecond) => string.Create(CultureInfo.InvariantCulture,
        $"{statistics.RowsRead:N0} rows  {rowsPerSecond:N0}/s  [green]{statistics.Accepted:N0} accepted[/]  [red]{statistics.Rejected:N0} rejected[/]  {statistics.Unmappable:N0} unmappable  [yellow]{statistics.RetriedRequests:N0} retried[/]");

    /// <summary>Rows per second since the previous sample.</summary>
    private sealed class RateMeter(ReplayStatistics statistics)
    {
        private long _rows;
        private TimeSpan _at;

        public double Sample()
        {
            var now = statistics.Elapsed;
            var rows = statistics.RowsRead;
            var seconds = (now - _at).TotalSeconds;
            var rate = seconds > 0 ? (rows - _rows) / seconds : 0;
            (_rows, _at) = (rows, now);
            return rate;
        }
    }
}
