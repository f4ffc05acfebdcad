using System.Diagnostics;
using System.Globalization;

namespace DocStream.Bench.Soak;

/// <summary>One pass of the replayer over the file with its own id prefix, as its REPLAY line reported it.</summary>
internal sealed record ReplayPass(int Number, string IdPrefix, long Rows, long Accepted, long Rejected, long Unmappable, long Retried, double Seconds, int ExitCode, HashSet<long> RowsNotAccepted)
{
    /// <summary>The ids the API acknowledged: every row of the pass but those in its rejects file.</summary>
    public IEnumerable<string> AcknowledgedIds()
    {
        for (long row = 1; row <= Rows; row++)
        {
            if (!RowsNotAccepted.Contains(row))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}:{row}");
            }
        }
    }
}

/// <summary>
/// Runs the real replayer (<c>--rate</c>) again and again until the soak's time is up, each pass with a new
/// <c>--id-prefix</c> (<c>soak-1</c>, <c>soak-2</c>, ...) so every pass sends new documents; the last pass is cut
/// (<c>--limit</c>) to end on time.
/// </summary>
internal sealed class ReplayLoop(string replayerDll, string file, Uri apiUrl, string apiKey, double rate, string workDirectory)
{
    public List<ReplayPass> Passes { get; } = [];

    public async Task RunAsync(Stopwatch clock, TimeSpan duration, CancellationToken cancellationToken)
    {
        for (var number = 1; !cancellationToken.IsCancellationRequested; number++)
        {
            var left = duration - clock.Elapsed;
            var limit = (long)Math.Floor(left.TotalSeconds * rate);
            if (limit < rate)
            {
                break;
            }
            var pass = await RunPassAsync(number, limit, cancellationToken);
            Passes.Add(pass);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{clock.Elapsed.TotalMinutes:F1} min] pass {number} ({pass.IdPrefix}): rows={pass.Rows} accepted={pass.Accepted} rejected={pass.Rejected} unmappable={pass.Unmappable} retried={pass.Retried} seconds={pass.Seconds:F1} exit={pass.ExitCode}"));
            if (pass.ExitCode != 0)
            {
                break;
            }
        }
    }

    private async Task<ReplayPass> RunPassAsync(int number, long limit, CancellationToken cancellationToken)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"soak-{number}");
        var rejects = Path.Combine(workDirectory, prefix + ".rejects.csv");
        var arguments = string.Create(CultureInfo.InvariantCulture,
            $"\"{replayerDll}\" --file \"{file}\" --api-url {apiUrl} --quiet --rate {rate} --id-prefix {prefix} --limit {limit} --rejects \"{rejects}\" --max-retry-time 10m");
        using var replayer = Process.Start(new ProcessStartInfo("dotnet", arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            WorkingDirectory = workDirectory,
            Environment = { ["DOCSTREAM_API_KEY"] = apiKey },
        })!;
        string output;
        try
        {
            output = await replayer.StandardOutput.ReadToEndAsync(cancellationToken);
            await replayer.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C of the soak: the replayer stops with its report (SIGTERM), which is still read.
            ProcFs.Signal(replayer.Id, ProcFs.SigTerm);
            output = await replayer.StandardOutput.ReadToEndAsync(CancellationToken.None);
            await replayer.WaitForExitAsync(CancellationToken.None);
        }
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("REPLAY ", StringComparison.Ordinal));
        if (line is null)
        {
            Console.Error.WriteLine($"Replayer pass {number} printed no REPLAY line (exit {replayer.ExitCode}):\n{output}");
            return new ReplayPass(number, prefix, 0, 0, 0, 0, 0, 0, replayer.ExitCode is 0 ? 1 : replayer.ExitCode, []);
        }
        var values = line.Trim()["REPLAY ".Length..].Split(' ')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        long Get(string key) => long.Parse(values[key], CultureInfo.InvariantCulture);
        return new ReplayPass(number, prefix, Get("rows"), Get("accepted"), Get("rejected"), Get("unmappable"), Get("retried"),
            double.Parse(values["seconds"], CultureInfo.InvariantCulture), replayer.ExitCode, RowsInRejectsFile(rejects));
    }

    /// <summary>Row numbers in a rejects file (<c>RowNumber,LineNumber,Id,Source,Reason,Record</c>): rows the API did not acknowledge.</summary>
    private static HashSet<long> RowsInRejectsFile(string path)
    {
        var rows = new HashSet<long>();
        if (!File.Exists(path))
        {
            return rows;
        }
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && long.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var row))
            {
                rows.Add(row);
            }
        }
        return rows;
    }
}
