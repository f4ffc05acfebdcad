using System.Globalization;

namespace DocStream.Bench.Soak;

/// <summary>The soak's settings, from the environment (bench/soak.sh passes them through).</summary>
internal sealed record SoakSettings
{
    /// <summary>How long the replayer feeds the system (SOAK_MINUTES, default 30).</summary>
    public required double Minutes { get; init; }

    /// <summary>Documents per second (SOAK_RATE, default 2,000).</summary>
    public required double Rate { get; init; }

    /// <summary>The processor is stopped with SIGTERM and started again this often (SOAK_RESTART_MINUTES, default 5).</summary>
    public required double RestartMinutes { get; init; }

    /// <summary>When the one SIGKILL lands (SOAK_KILL_MINUTES; default mid-run, between two restarts).</summary>
    public required double KillMinutes { get; init; }

    /// <summary>Seconds between two samples of every process (SOAK_SAMPLE_SECONDS, default 10).</summary>
    public required double SampleSeconds { get; init; }

    /// <summary>Warm-up window whose median is the baseline: minutes 2 to 4 of a run of 14 minutes or more, scaled down for shorter runs.</summary>
    public required (double From, double To) BaselineWindow { get; init; }

    /// <summary>The window at the end whose median is compared with the baseline: the last 10 minutes (scaled down for runs under 14 minutes).</summary>
    public required double FinalWindowMinutes { get; init; }

    public required string File { get; init; }

    /// <summary>Where the plot goes (SOAK_PLOT, default docs/soak.svg).</summary>
    public required string PlotPath { get; init; }

    /// <summary>Where the samples go as CSV (SOAK_SAMPLES, default a file next to the plot's working folder).</summary>
    public required string? SamplesPath { get; init; }

    public static SoakSettings FromEnvironment(string[] args)
    {
        var minutes = Number("SOAK_MINUTES", 30);
        var restart = Number("SOAK_RESTART_MINUTES", 5);
        if (minutes <= 0 || restart <= 0)
        {
            throw new ArgumentException("SOAK_MINUTES and SOAK_RESTART_MINUTES must be positive.");
        }
        // Mid-run, and half an interval away from a restart when mid-run is one (30 min: restarts at 5, 10, ... 25, kill at 17.5).
        var kill = Environment.GetEnvironmentVariable("SOAK_KILL_MINUTES") is { Length: > 0 }
            ? Number("SOAK_KILL_MINUTES", minutes / 2)
            : KillTime(minutes, restart);

        // Minutes 2-4 and the last 10 minutes need 14 minutes; a shorter (trial) run uses the same shape scaled down.
        var scale = Math.Min(1, minutes / 14);
        return new SoakSettings
        {
            Minutes = minutes,
            Rate = Number("SOAK_RATE", 2000),
            RestartMinutes = restart,
            KillMinutes = kill,
            SampleSeconds = Number("SOAK_SAMPLE_SECONDS", 10),
            BaselineWindow = (2 * scale, 4 * scale),
            FinalWindowMinutes = 10 * scale,
            File = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("SOAK_FILE") ?? FindDataSet(),
            PlotPath = Path.GetFullPath(Environment.GetEnvironmentVariable("SOAK_PLOT") ?? "docs/soak.svg"),
            SamplesPath = Environment.GetEnvironmentVariable("SOAK_SAMPLES") is { Length: > 0 } samples ? Path.GetFullPath(samples) : null,
        };
    }

    private static double KillTime(double minutes, double restart)
    {
        var middle = minutes / 2;
        var nearestRestart = Math.Round(middle / restart) * restart;
        return Math.Abs(middle - nearestRestart) < restart / 4 ? nearestRestart + restart / 2 : middle;
    }

    private static double Number(string name, double fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
            : fallback;

    private static string FindDataSet()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "data", "online-retail.csv.gz");
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("shared/data/online-retail.csv.gz not found in a parent directory; pass the file as the first argument or SOAK_FILE.");
    }
}
