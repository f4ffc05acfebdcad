using System.Globalization;
using System.Runtime.InteropServices;

namespace DocStream.Bench.Soak;

/// <summary>What /proc tells about a process: its command line, parent, threads, descriptors, memory and CPU time.</summary>
internal static partial class ProcFs
{
    /// <summary>Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ; 100 on Linux x64).</summary>
    private const double TicksPerSecond = 100;

    public static bool IsAlive(int pid)
    {
        // A zombie has exited: only its parent's wait is missing.
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State != 'Z' && stat.Value.State != 'X';
    }

    public static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is { Length: > 0 } && char.IsAsciiDigit(name[0]))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture));

    /// <summary>Every process below <paramref name="root"/> (children, their children...), found through the parent ids in /proc/*/stat.</summary>
    public static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in AllPids())
        {
            if (ReadStat(pid) is { } stat)
            {
                if (!children.TryGetValue(stat.ParentPid, out var list))
                {
                    children[stat.ParentPid] = list = [];
                }
                list.Add(pid);
            }
        }
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }
        return result;
    }

    public readonly record struct Stat(char State, int ParentPid, long CpuTicks);

    public static Stat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] = state (field 3), fields[1] = ppid (4), fields[11] = utime (14), fields[12] = stime (15).
        return new Stat(fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    public readonly record struct Usage(int Threads, int Descriptors, long RssBytes, double CpuSeconds);

    /// <summary>Threads (/proc/PID/task), open descriptors (/proc/PID/fd), VmRSS and user+system CPU time; null once the process is gone.</summary>
    public static Usage? Read(int pid)
    {
        try
        {
            var threads = Directory.EnumerateDirectories($"/proc/{pid}/task").Count();
            var descriptors = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
            long rss = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
            // An exiting process (zombie) has no VmRSS line and no descriptors left: it is gone, not a sample.
            return rss >= 0 && ReadStat(pid) is { State: not ('Z' or 'X') } stat ? new Usage(threads, descriptors, rss, stat.CpuTicks / TicksPerSecond) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends a signal (kill(2)); true when it was delivered.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
