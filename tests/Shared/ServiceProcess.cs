using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DocStream.Testing;

/// <summary>
/// A DocStream service run from its own build output as a real process (<c>dotnet X.dll --urls http://127.0.0.1:0</c>),
/// so a test can count that process's threads and open descriptors, which an in-process host mixes with the test
/// runner's own. Linked into the test projects that need it; disposing kills the process.
/// </summary>
internal sealed partial class ServiceProcess : IDisposable
{
    private readonly Process _process;

    public Uri BaseAddress { get; }

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <param name="project">The project folder relative to the repository root, e.g. <c>DocStream.IngestApi</c>.</param>
    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var name = Path.GetFileName(project);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(RepoRoot(), project, "bin", configuration, "net10.0", name + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not built.");
        }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (output)
            {
                output.Add(line);
            }
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                throw new InvalidOperationException($"{name} did not start listening:\n{string.Join('\n', output)}");
            }
        }
        return new ServiceProcess(process, await listening.Task);
    }

    /// <summary>Threads of the process now (<c>/proc/PID/task</c>), native librdkafka threads included.</summary>
    public int Threads => Directory.GetDirectories($"/proc/{_process.Id}/task").Length;

    /// <summary>Open file descriptors of the process now (sockets included).</summary>
    public int OpenDescriptors => Directory.GetFileSystemEntries($"/proc/{_process.Id}/fd").Length;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Probes <c>/health</c> <paramref name="probes"/> times, one after another, as a container platform would (only
    /// faster), and returns how many threads and descriptors the process gained. Warm-up probes come first, so
    /// clients a check creates once are counted before, not as growth.
    /// </summary>
    public async Task<(int Threads, int Descriptors)> GrowthOverHealthProbesAsync(int probes)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        async Task ProbeAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var response = await http.GetAsync("/health");
                await response.Content.ReadAsStringAsync();
            }
        }
        await ProbeAsync(20);
        await Task.Delay(500);
        var (threads, descriptors) = (Threads, OpenDescriptors);
        await ProbeAsync(probes);
        await Task.Delay(500);
        return (Threads - threads, OpenDescriptors - descriptors);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DocStream.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"DocStream.sln was not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
