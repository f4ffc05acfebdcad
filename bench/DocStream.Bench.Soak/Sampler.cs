using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DocStream.Bench.Soak;

/// <summary>One sample of one process.</summary>
internal sealed record Sample(double Seconds, string Resource, int Pid, int Threads, int Descriptors, double RssMb, double? CpuPercent, double? GcHeapMb, double? GcCommittedMb, long? Stored);

/// <summary>
/// Every <c>interval</c>, reads each resource's current process in /proc (threads, descriptors, RSS, CPU) and its
/// latest GC counters. A resource between two processes (a restart) is skipped for that tick.
/// </summary>
internal sealed class Sampler(IReadOnlyList<ServiceProcess> services, GcHeapCounters counters, Stopwatch clock, Func<Task<long?>> storedCount)
{
    private readonly ConcurrentDictionary<string, int> _pids = new();
    private readonly Dictionary<string, (int Pid, double Cpu, double At)> _lastCpu = [];

    public List<Sample> Samples { get; } = [];

    /// <summary>The process now running the resource (set at start and after every restart).</summary>
    public void SetPid(string resource, int pid)
    {
        _pids[resource] = pid;
        counters.Watch(pid, resource);
    }

    public int? Pid(string resource) => _pids.TryGetValue(resource, out var pid) ? pid : null;

    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            await SampleOnceAsync();
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task SampleOnceAsync()
    {
        var stored = await storedCount();
        var at = clock.Elapsed.TotalSeconds;
        lock (Samples)
        {
            foreach (var service in services)
            {
                if (!_pids.TryGetValue(service.Resource, out var pid) || ProcFs.Read(pid) is not { } usage)
                {
                    continue;
                }
                double? cpu = null;
                if (_lastCpu.TryGetValue(service.Resource, out var last) && last.Pid == pid && at > last.At)
                {
                    cpu = (usage.CpuSeconds - last.Cpu) / (at - last.At) * 100;
                }
                _lastCpu[service.Resource] = (pid, usage.CpuSeconds, at);
                var gc = counters.Latest(pid);
                Samples.Add(new Sample(at, service.Resource, pid, usage.Threads, usage.Descriptors, usage.RssBytes / 1048576.0, cpu,
                    gc?.HeapMb, gc is { CommittedMb: var c } && !double.IsNaN(c) ? c : null, stored));
            }
        }
    }

    public void WriteCsv(string path)
    {
        var text = new StringBuilder("seconds,resource,pid,threads,fds,rss_mb,cpu_percent,gc_heap_mb,gc_committed_mb,stored\n");
        lock (Samples)
        {
            foreach (var s in Samples)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"{s.Seconds:F1},{s.Resource},{s.Pid},{s.Threads},{s.Descriptors},{s.RssMb:F1},{s.CpuPercent:F1},{s.GcHeapMb:F1},{s.GcCommittedMb:F1},{s.Stored}\n");
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }
}
