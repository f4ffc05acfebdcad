using System.Globalization;

namespace DocStream.Bench.EndToEnd;

/// <summary>
/// CPU time (user + system) of a process and everything below it, from /proc/PID/stat. Each live process counts its
/// own utime+stime and its reaped children's cutime+cstime, so a child that has already exited is still included.
/// </summary>
internal static class ProcessTreeCpu
{
    /// <summary>Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ; 100 on Linux x64).</summary>
    private const double TicksPerSecond = 100;

    public static double Seconds(int root)
    {
        var ticks = 0L;
        foreach (var pid in (int[])[root, .. Soak.ProcFs.Descendants(root)])
        {
            ticks += Ticks(pid, self: true, children: true);
        }
        return ticks / TicksPerSecond;
    }

    /// <summary>CPU of this process's reaped children only: a child started and waited for between two readings.</summary>
    public static double ReapedChildrenSecondsOfThisProcess() => Ticks(Environment.ProcessId, self: false, children: true) / TicksPerSecond;

    private static long Ticks(int pid, bool self, bool children)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // gone between listing and reading: its time is in its parent's cutime once reaped
        }
        // Fields after "pid (comm) ": comm may hold spaces, so counting starts after the last ')'.
        // [11] utime, [12] stime, [13] cutime, [14] cstime (stat fields 14 to 17).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return (self ? Field(11) + Field(12) : 0) + (children ? Field(13) + Field(14) : 0);
    }
}
