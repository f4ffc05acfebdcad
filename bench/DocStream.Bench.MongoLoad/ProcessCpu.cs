using System.Globalization;

namespace DocStream.Bench.MongoLoad;

/// <summary>User + system CPU seconds of one process, from /proc/PID/stat.</summary>
internal static class ProcessCpu
{
    /// <summary>Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ; 100 on Linux x64).</summary>
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after "pid (comm) ": [11] utime, [12] stime (stat fields 14 and 15).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
