using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>
/// A <c>dotnet some.dll</c> child process with its output kept in memory. Always ends up killed: dispose
/// kills it (and its children) if it is still running.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    public string Name { get; }

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public static ChildProcess Start(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Resident memory of the process now, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; returns its match.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var checkedLines = 0;
        while (true)
        {
            var lines = Lines;
            for (; checkedLines < lines.Count; checkedLines++)
            {
                var match = pattern.Match(lines[checkedLines]);
                if (match.Success)
                {
                    return match;
                }
            }
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited ({ExitCode}) before printing /{pattern}/. Output:\n{Output}");
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not print /{pattern}/ within {timeout}. Output:\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no chance to clean up, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: the polite stop an orchestrator sends (same path as Ctrl-C in .NET's host).</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit; true if it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
