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
        var thread = new Thread(() => ReadWithRetries(pid, name)) { IsBackground = true, Name = $"counters {name} {pid}" };
        thread.Start();
    }

    /// <summary>
    /// A process found right after its start may not take a session yet (its diagnostic server is not ready: the
    /// session fails with "Read past end of stream"); it is asked again, once a second, for up to 30 s.
    /// </summary>
    private void ReadWithRetries(int pid, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            var failure = Read(pid);
            if (failure is null || !ProcFs.IsAlive(pid))
            {
                return;
            }
            if (_latest.ContainsKey(pid) || attempt == 30)
            {
                // It had sent counters (a session that ends while the process lives is unexpected), or never would.
                Console.Error.WriteLine($"GC counters of {name} (pid {pid}) not read: {failure.GetType().Name}: {failure.Message}");
                return;
            }
            Thread.Sleep(1000);
        }
    }

    /// <summary>Reads the session until it ends; the exception that ended it, or null when it ended normally.</summary>
    private Exception? Read(int pid)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, (long)EventKeywords.None,
                new Dictionary<string, string> { ["EventCounterIntervalSec"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            using var session = client.StartEventPipeSession([provider], requestRundown: false, circularBufferMB: 4);
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
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The process ended (restart), is not ready yet, or its diagnostic socket is off (then its GC heap is not sampled).
            return e;
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
