using System.Diagnostics;

namespace DocStream.Testing;

/// <summary>
/// Runs the real replayer (its DLL is copied next to the tests by the project reference) against a running ingest
/// API, as a user would. Shared by the end-to-end and browser tests (linked into both projects).
/// </summary>
internal static class ReplayerProcess
{
    /// <summary>Runs it to the end; returns its exit code and everything it printed. Killed, with its output in the error, after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(Uri apiUrl, string apiKey, string workingDirectory, string arguments, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DocStream.Replayer.dll");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" --api-url {apiUrl} --quiet {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        Directory.CreateDirectory(workingDirectory);
        info.Environment["DOCSTREAM_API_KEY"] = apiKey;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The replayer did not finish within {timeout}: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
