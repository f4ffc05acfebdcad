using System.CommandLine;
using DocStream.Replayer.Csv;

namespace DocStream.Replayer.Cli;

/// <summary>Turns a parsed command line into <see cref="ReplayOptions"/>: fills the defaults from the environment and checks every value.</summary>
public static class ReplayOptionsBinder
{
    /// <summary>The options, or null with every problem in <paramref name="errors"/>.</summary>
    public static ReplayOptions? Bind(ParseResult parse, ReplayCommand command, ReplayEnvironment environment, List<string> errors)
    {
        var batchSize = parse.GetValue(command.BatchSize);
        if (batchSize is < 1 or > ReplayOptions.MaxBatchSize)
        {
            errors.Add($"--batch-size must be between 1 and {ReplayOptions.MaxBatchSize} (the API takes at most {ReplayOptions.MaxBatchSize} documents per request); got {batchSize}.");
        }

        var concurrency = parse.GetValue(command.Concurrency);
        if (concurrency is < 1 or > ReplayOptions.MaxConcurrency)
        {
            errors.Add($"--concurrency must be between 1 and {ReplayOptions.MaxConcurrency}; got {concurrency}.");
        }

        var rate = parse.GetValue(command.Rate);
        var speedup = parse.GetValue(command.Speedup);
        if (rate is { } r && (r < 0 || !double.IsFinite(r)))
        {
            errors.Add($"--rate must be 0 (as fast as possible) or a positive number of documents per second; got {r}.");
        }
        if (speedup is { } s && (s <= 0 || !double.IsFinite(s)))
        {
            errors.Add($"--speedup must be a positive factor (86400 = one data-day per second); got {s}.");
        }
        if (rate is not null && speedup is not null)
        {
            errors.Add("--rate and --speedup cannot be used together: pace by documents per second or by InvoiceDate, not both.");
        }

        var limit = parse.GetValue(command.Limit);
        if (limit is < 1)
        {
            errors.Add($"--limit must be at least 1; got {limit}.");
        }
        var skip = parse.GetValue(command.Skip);
        if (skip < 0)
        {
            errors.Add($"--skip cannot be negative; got {skip}.");
        }

        var maxRetryTime = parse.GetValue(command.MaxRetryTime);
        if (maxRetryTime <= TimeSpan.Zero)
        {
            errors.Add($"--max-retry-time must be positive; got {maxRetryTime}.");
        }

        var idPrefix = parse.GetValue(command.IdPrefix);
        if (idPrefix is not null && !DataFileName.IsValidIdPrefix(idPrefix))
        {
            errors.Add($"--id-prefix must be 1 to {DataFileName.MaxIdPrefixLength} letters, digits and - _ . #; got '{idPrefix}'.");
        }

        var file = ResolveFile(parse.GetValue(command.File), environment, errors);

        var apiUrlText = ReplayEnvironment.NonEmpty(parse.GetValue(command.ApiUrl)) ?? environment.DefaultApiUrlValue();
        if (!Uri.TryCreate(apiUrlText, UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("http" or "https"))
        {
            errors.Add($"--api-url must be an absolute http:// or https:// URL; got '{apiUrlText}'.");
        }

        if (errors.Count > 0 || file is null)
        {
            return null;
        }

        var rejects = ReplayEnvironment.NonEmpty(parse.GetValue(command.Rejects))
            ?? Path.Combine(environment.CurrentDirectory, DataFileName.Stem(file) + ".rejects.csv");
        rejects = Path.GetFullPath(rejects, environment.CurrentDirectory);
        if (Directory.Exists(rejects))
        {
            errors.Add($"--rejects must be a file, but '{rejects}' is a directory.");
            return null;
        }

        return new ReplayOptions
        {
            File = file,
            ApiUrl = apiUrl!,
            ApiKey = ReplayEnvironment.NonEmpty(parse.GetValue(command.ApiKey)) ?? ReplayEnvironment.NonEmpty(environment.Variable(ReplayEnvironment.ApiKeyVariable)),
            Rate = rate is > 0 ? rate : null,
            Speedup = speedup,
            BatchSize = batchSize,
            Concurrency = concurrency,
            Limit = limit,
            Skip = skip,
            IdPrefix = idPrefix,
            DryRun = parse.GetValue(command.DryRun),
            Resume = parse.GetValue(command.Resume),
            RejectsPath = rejects,
            CheckpointPath = Path.Combine(Path.GetDirectoryName(rejects)!, DataFileName.Stem(file) + ".replay-state.json"),
            Quiet = parse.GetValue(command.Quiet),
            MaxRetryTime = maxRetryTime,
        };
    }

    private static string? ResolveFile(string? option, ReplayEnvironment environment, List<string> errors)
    {
        var given = ReplayEnvironment.NonEmpty(option);
        var source = "--file";
        if (given is null && ReplayEnvironment.NonEmpty(environment.Variable(ReplayEnvironment.FileVariable)) is { } fromVariable)
        {
            given = fromVariable;
            source = $"${ReplayEnvironment.FileVariable}";
        }
        if (given is not null)
        {
            var path = Path.GetFullPath(given, environment.CurrentDirectory);
            if (!File.Exists(path))
            {
                errors.Add($"{source}: the file '{path}' does not exist.");
                return null;
            }
            return path;
        }
        var found = environment.FindDefaultDataFile();
        if (found is null)
        {
            errors.Add($"No data file: pass --file <path> or set ${ReplayEnvironment.FileVariable} ({ReplayEnvironment.DefaultDataFile} was not found in any parent of '{environment.CurrentDirectory}' or '{environment.BaseDirectory}').");
        }
        return found;
    }
}
