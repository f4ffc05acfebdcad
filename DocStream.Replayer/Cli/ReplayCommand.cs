using System.CommandLine;

namespace DocStream.Replayer.Cli;

/// <summary>The command line of the replayer (System.CommandLine 2.0): the options and their help.</summary>
public sealed class ReplayCommand
{
    public Option<string?> File { get; } = new("--file")
    {
        Description = $"The CSV to replay (.csv or .csv.gz, ISO-8859-1). Default: ${ReplayEnvironment.FileVariable}, else {ReplayEnvironment.DefaultDataFile} found in a parent of the current or the app's directory.",
        HelpName = "path",
    };

    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = $"Base URL of the ingest API. Default: ${ReplayEnvironment.ApiUrlVariable}, else ${ReplayEnvironment.AspireHttpVariable}, else ${ReplayEnvironment.AspireHttpsVariable}, else {ReplayEnvironment.DefaultApiUrl}.",
        HelpName = "url",
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key sent as X-Api-Key. Default: ${ReplayEnvironment.ApiKeyVariable}.",
        HelpName = "key",
    };

    public Option<double?> Rate { get; } = new("--rate")
    {
        Description = "Documents per second; 0 = as fast as possible (the default). Not with --speedup.",
        HelpName = "docs/s",
    };

    public Option<double?> Speedup { get; } = new("--speedup")
    {
        Description = "Time-warp by InvoiceDate: 86400 replays one data-day per second, 3600 one data-hour per second. Not with --rate.",
        HelpName = "factor",
    };

    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = $"Documents per request, 1 to {ReplayOptions.MaxBatchSize}.",
        DefaultValueFactory = _ => ReplayOptions.DefaultBatchSize,
        HelpName = "n",
    };

    public Option<int> Concurrency { get; } = new("--concurrency")
    {
        Description = $"Requests in flight at once, 1 to {ReplayOptions.MaxConcurrency}.",
        DefaultValueFactory = _ => ReplayOptions.DefaultConcurrency,
        HelpName = "n",
    };

    public Option<long?> Limit { get; } = new("--limit")
    {
        Description = "Stop after this many rows (counted after --skip).",
        HelpName = "rows",
    };

    public Option<long> Skip { get; } = new("--skip")
    {
        Description = "Skip this many rows at the start of the file.",
        HelpName = "rows",
    };

    public Option<string?> IdPrefix { get; } = new("--id-prefix")
    {
        Description = "What document ids start with (<prefix>:<row>) instead of the file's stem: letters, digits and - _ . #. Replaying the file again with another prefix sends new documents.",
        HelpName = "text",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Read, map and serialize every row without sending anything; print the report.",
    };

    public Option<bool> Resume { get; } = new("--resume")
    {
        Description = "Continue after the last row a previous run had confirmed (the checkpoint next to the rejects file).",
    };

    public Option<string?> Rejects { get; } = new("--rejects")
    {
        Description = "Where to write the rows that did not get in, with line numbers and reasons. Default: ./<fileStem>.rejects.csv.",
        HelpName = "path",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "No live progress, only the final report. When the output is not a terminal (CI, Aspire) the bar is replaced by a plain status line every 10 s.",
    };

    public Option<TimeSpan> MaxRetryTime { get; } = new("--max-retry-time")
    {
        Description = "How long one batch may keep failing (API down, timeouts, 503, 429) before the replay gives up: 300, 90s, 5m, 00:05:00.",
        DefaultValueFactory = _ => ReplayOptions.DefaultMaxRetryTime,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (DurationParser.TryParse(text, out var value))
            {
                return value;
            }
            result.AddError($"--max-retry-time: '{text}' is not a duration (examples: 300, 90s, 5m, 00:05:00).");
            return default;
        },
        HelpName = "duration",
    };

    public RootCommand Root { get; }

    public ReplayCommand()
    {
        Root = new RootCommand(
            "Replays the Online Retail CSV through the DocStream ingest API (POST /api/v1/invoices/batch), " +
            "as fast as possible, at a fixed rate or time-warped by InvoiceDate, with live progress and a final report. " +
            "Exit codes: 0 done, 1 could not finish, 2 usage error, 130 cancelled.");
        foreach (Option option in (Option[])[File, ApiUrl, ApiKey, Rate, Speedup, BatchSize, Concurrency, Limit, Skip, IdPrefix, DryRun, Resume, Rejects, Quiet, MaxRetryTime])
        {
            Root.Options.Add(option);
        }
    }
}
