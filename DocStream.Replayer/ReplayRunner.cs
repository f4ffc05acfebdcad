using DocStream.Replayer.Cli;
using DocStream.Replayer.Csv;
using DocStream.Replayer.Reporting;
using DocStream.Replayer.Sending;
using Spectre.Console;

namespace DocStream.Replayer;

/// <summary>
/// One replay from start to report: finds where to start (--skip, --resume), opens the file and the rejects file,
/// sends (or, for --dry-run, only maps and serializes) with live progress, saves the checkpoint, prints the report
/// and returns the exit code.
/// </summary>
public sealed class ReplayRunner(ReplayOptions options, HttpClient? httpClient, IAnsiConsole console, TextWriter machineOutput, ProgressMode progressMode)
{
    /// <summary>The clock of the retries and their waits (tests pass one that does not sleep).</summary>
    public TimeProvider RetryClock { get; init; } = TimeProvider.System;

    /// <summary>First backoff delay of the retry loop (tests make it short).</summary>
    public TimeSpan? InitialBackoff { get; init; }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(options.File);
        var fileLength = new FileInfo(options.File).Length;
        var store = new CheckpointStore(options.CheckpointPath);

        var startAfterRow = options.Skip;
        if (options.Resume)
        {
            ReplayCheckpoint? saved;
            try
            {
                saved = store.Load();
            }
            catch (InvalidDataException e)
            {
                return Usage(e.Message);
            }
            if (saved is null)
            {
                console.MarkupLine($"[yellow]--resume: no checkpoint at {Markup.Escape(options.CheckpointPath)}; starting from the beginning.[/]");
            }
            else if (!string.Equals(saved.FileName, fileName, StringComparison.OrdinalIgnoreCase) || saved.FileLength != fileLength)
            {
                return Usage($"--resume: the checkpoint {options.CheckpointPath} belongs to {saved.FileName} ({saved.FileLength:N0} bytes), not to {fileName} ({fileLength:N0} bytes). Delete it or pass --rejects to keep checkpoints apart.");
            }
            else
            {
                startAfterRow = Math.Max(startAfterRow, saved.LastConfirmedRow);
                console.MarkupLine($"Resuming after row {saved.LastConfirmedRow:N0} (checkpoint of {saved.UpdatedAt:u}).");
            }
        }

        if (httpClient is null && !options.DryRun)
        {
            throw new InvalidOperationException("An HttpClient is needed unless --dry-run.");
        }

        InvoiceCsvReader reader;
        try
        {
            reader = InvoiceCsvReader.Open(options.File);
        }
        catch (IOException e)
        {
            return Usage($"Cannot open {options.File}: {e.Message}");
        }

        using (reader)
        using (var rejects = RejectsFileWriter.Open(options.RejectsPath, append: options.Resume))
        {
            var statistics = new ReplayStatistics { FileLength = reader.Length };
            var checkpoint = new CheckpointTracker(options.DryRun ? null : store, fileName, fileLength, startAfterRow);
            var client = options.DryRun ? null : new IngestClient(httpClient!, new IngestClientOptions
            {
                ApiUrl = options.ApiUrl,
                ApiKey = options.ApiKey,
                MaxRetryTime = options.MaxRetryTime,
                TimeProvider = RetryClock,
                InitialBackoff = InitialBackoff ?? TimeSpan.FromMilliseconds(250),
            }, statistics);
            var sender = new BatchSender(client, options.BatchSize, options.Concurrency, new Pacer(options.Rate, options.Speedup), statistics, rejects, checkpoint);
            var mapper = new InvoiceRowMapper(options.IdPrefix ?? DataFileName.IdPrefix(options.File));
            var rows = ReplayRowSource.Read(reader, mapper, startAfterRow, options.Limit, statistics);

            if (progressMode != ProgressMode.None)
            {
                console.MarkupLine(Markup.Escape(options.DryRun
                    ? $"Dry run: reading {options.File} (nothing is sent)."
                    : $"Replaying {options.File} to {client!.Options.BatchUri} (batches of {options.BatchSize}, {options.Concurrency} in flight{Pacing()})."));
            }

            SendOutcome outcome;
            string? failure = null;
            statistics.Start();
            try
            {
                outcome = await new ProgressDisplay(console, machineOutput, statistics, progressMode)
                    .RunAsync(() => sender.RunAsync(rows, cancellationToken)).ConfigureAwait(false);
                failure = sender.AbortReason;
            }
            catch (InvalidDataFileException e)
            {
                statistics.Stop();
                return Usage($"{options.File}: {e.Message}");
            }
            finally
            {
                statistics.Stop();
                checkpoint.Flush();
                rejects.Flush();
            }

            var title = outcome switch
            {
                SendOutcome.Completed => options.DryRun ? "Dry run complete" : "Replay complete",
                SendOutcome.Cancelled => "Replay cancelled",
                _ => "Replay failed",
            };
            SummaryReport.Write(console, machineOutput, statistics, title, options.DryRun, options.RejectsPath, rejects.Count);

            switch (outcome)
            {
                case SendOutcome.Cancelled:
                    console.MarkupLine($"[yellow]Cancelled. {(options.DryRun ? string.Empty : $"Confirmed through row {checkpoint.LastConfirmedRow:N0}; run again with --resume to continue.")}[/]");
                    return ExitCodes.Cancelled;
                case SendOutcome.Aborted:
                    console.MarkupLine($"[red]error:[/] {Markup.Escape(failure ?? "the replay could not finish.")}");
                    console.MarkupLine($"Confirmed through row {checkpoint.LastConfirmedRow:N0}; run again with --resume to continue.");
                    return ExitCodes.Failed;
                default:
                    return ExitCodes.Success;
            }
        }
    }

    private string Pacing() => options switch
    {
        { Rate: { } rate } => $", {rate:N0} documents/s",
        { Speedup: { } speedup } => $", time-warp x{speedup:N0}",
        _ => string.Empty,
    };

    private int Usage(string message)
    {
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return ExitCodes.UsageError;
    }
}
