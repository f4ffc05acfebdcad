namespace DocStream.Replayer.Cli;

/// <summary>A replay as the command line asked for it, with every default resolved and every value checked.</summary>
public sealed record ReplayOptions
{
    public const int DefaultBatchSize = 1000;
    public const int MaxBatchSize = 5000;
    public const int DefaultConcurrency = 4;
    public const int MaxConcurrency = 64;
    public static readonly TimeSpan DefaultMaxRetryTime = TimeSpan.FromMinutes(5);

    /// <summary>The CSV (<c>.csv</c> or <c>.csv.gz</c>), full path.</summary>
    public required string File { get; init; }

    public required Uri ApiUrl { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Documents per second; null or 0: as fast as possible.</summary>
    public double? Rate { get; init; }

    /// <summary>Time-warp by InvoiceDate: 86400 replays one data-day per second. Null: off.</summary>
    public double? Speedup { get; init; }

    public int BatchSize { get; init; } = DefaultBatchSize;

    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>Stop after this many rows (after skipping). Null: all.</summary>
    public long? Limit { get; init; }

    /// <summary>Rows to skip at the start of the file.</summary>
    public long Skip { get; init; }

    /// <summary>What every document id starts with (<c>&lt;prefix&gt;:&lt;row&gt;</c>). Null: the file's stem (<see cref="Csv.DataFileName.IdPrefix"/>).</summary>
    public string? IdPrefix { get; init; }

    public bool DryRun { get; init; }

    public bool Resume { get; init; }

    /// <summary>The rejects file (rows that did not get in, with reasons).</summary>
    public required string RejectsPath { get; init; }

    /// <summary>The resume checkpoint, next to the rejects file.</summary>
    public required string CheckpointPath { get; init; }

    /// <summary>No live progress (also when the output is not an interactive terminal).</summary>
    public bool Quiet { get; init; }

    public TimeSpan MaxRetryTime { get; init; } = DefaultMaxRetryTime;
}
