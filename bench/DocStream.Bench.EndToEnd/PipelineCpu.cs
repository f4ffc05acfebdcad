using Aspire.Hosting;
using DocStream.Bench.Soak;

namespace DocStream.Bench.EndToEnd;

/// <summary>
/// CPU seconds of each process of this run: every Aspire resource's process tree (the process DCP started for it and
/// its descendants, never another run's processes on this machine) and the replayers this bench starts and waits for.
/// </summary>
internal sealed class PipelineCpu(DistributedApplication app, IReadOnlyList<string> resources)
{
    private Dictionary<string, double> _start = [];

    public void Start() => _start = Read();

    /// <summary>CPU seconds used since <see cref="Start"/>, by process name (resource names and "replayer").</summary>
    public Dictionary<string, double> Used()
    {
        var now = Read();
        return now.ToDictionary(p => p.Key, p => p.Value - _start.GetValueOrDefault(p.Key));
    }

    private Dictionary<string, double> Read()
    {
        var seconds = new Dictionary<string, double>
        {
            // The replayers are this process's only children started during the run; once waited for, their CPU is here.
            ["replayer"] = ProcessTreeCpu.ReapedChildrenSecondsOfThisProcess(),
        };
        foreach (var resource in resources)
        {
            seconds[resource] = ResourceProcesses.LauncherPid(app, resource) is { } pid
                ? ProcessTreeCpu.Seconds(pid)
                : throw new InvalidOperationException($"No process id reported for the resource '{resource}'.");
        }
        return seconds;
    }
}
