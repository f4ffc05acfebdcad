using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace DocStream.Bench.Soak;

/// <summary>
/// The GC heap of .NET processes read from outside, the way <c>dotnet-counters</c> does it: an EventPipe session over
/// the runtime's diagnostic socket asking for the <c>System.Runtime</c> event counters every
/// <c>EventCounterIntervalSec</c>, of which <c>gc-heap-size</c> (managed heap in use after the last GC, MB) and
/// <c>gc-committed</c> (memory the GC has committed, MB) are kept. Nothing in the services changes. One session per
/// process for its whole life (a session costs the target one EventPipe streaming thread and one counter-polling
/// thread, the same from start to end, so thread growth is not affected).
/// </summary>
internal sealed class GcHeapCounters(int intervalSeconds) : IDisposable
{
    public readonly record struct Reading(double HeapMb, double CommittedMb, DateTime At);

    private readonly ConcurrentDictionary<int, Reading> _latest = new();
    private readonly ConcurrentDictionary<int, EventPipeSession> _sessions = new();
    private readonly ConcurrentDictionary<int, bool> _watched = new();

    /// <summary>The last counters the process sent, or null when none came yet (or its session failed).</summary>
    public Reading? Latest(int pid) => _latest.TryGetValue(pid, out var reading) ? reading : null;

    /// <summary>Starts reading <paramref name="pid"/>'s counters on a thread of its own; a failure is reported, not thrown.</summary>
    public void Watch(int pid, string name)
    {
        if (!_watched.TryAdd(pid, true))
        {
            return;
        }
        var thread = new Thread(() => Read(pid, name)) { IsBackground = true, Name = $"counters {name} {pid}" };
        thread.Start();
    }

    private void Read(int pid, string name)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, (long)EventKeywords.None,
                new Dictionary<string, string> { ["EventCounterIntervalSec"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var session = client.StartEventPipeSession([provider], requestRundown: false, circularBufferMB: 4);
            _sessions[pid] = session;
            using var source = new EventPipeEventSource(session.EventStream);
            double heap = double.NaN, committed = double.NaN;
            source.Dynamic.All += e =>
            {
                if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
                    || outer.TryGetValue("Payload", out var inner) is false || inner is not IDictionary<string, object> payload)
                {
                    return;
                }
                var counter = payload.TryGetValue("Name", out var n) ? n as string : null;
                var mean = payload.TryGetValue("Mean", out var m) ? Convert.ToDouble(m, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
                if (counter == "gc-heap-size")
                {
                    heap = mean;
                }
                else if (counter == "gc-committed")
                {
                    committed = mean;
                }
                if (!double.IsNaN(heap))
                {
                    _latest[pid] = new Reading(heap, committed, DateTime.UtcNow);
                }
            };
            source.Process();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The process ended (restart), or its diagnostic socket is off: its GC heap is then reported as not sampled.
            if (ProcFs.IsAlive(pid))
            {
                Console.Error.WriteLine($"GC counters of {name} (pid {pid}) not read: {e.GetType().Name}: {e.Message}");
            }
        }
        finally
        {
            _sessions.TryRemove(pid, out _);
        }
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            try
            {
                session.Stop();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The process is gone already.
            }
        }
    }
}
