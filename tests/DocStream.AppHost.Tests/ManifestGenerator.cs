using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace DocStream.AppHost.Tests;

/// <summary>The outcome of one <c>--publisher manifest</c> run of the AppHost.</summary>
public sealed record ManifestRun(int ExitCode, string Output, string? ManifestText)
{
    public JsonObject Resources =>
        (JsonNode.Parse(ManifestText ?? throw new InvalidOperationException($"No manifest was written. Output:\n{Output}"))!["resources"]
            ?? throw new InvalidOperationException("The manifest has no 'resources'.")).AsObject();
}

/// <summary>
/// Runs the built AppHost the way azd does (<c>--publisher manifest --output-path FILE</c>), as its own process,
/// with a clean configuration: no inherited <c>DocStream__*</c>, <c>Parameters__*</c> or <c>ConnectionStrings__*</c>.
/// </summary>
public static class ManifestGenerator
{
    private static readonly string Configuration =
        typeof(ManifestGenerator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildConfiguration")?.Value ?? "Debug";

    /// <summary>The AppHost's project directory (the generated metadata gives the directory, or the project file).</summary>
    public static string AppHostDirectory { get; } = Projects.DocStream_AppHost.ProjectPath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
        ? Path.GetDirectoryName(Projects.DocStream_AppHost.ProjectPath)!
        : Projects.DocStream_AppHost.ProjectPath;

    public static string AppHostDll => Path.Combine(AppHostDirectory, "bin", Configuration, "net10.0", "DocStream.AppHost.dll");

    public static async Task<ManifestRun> RunAsync(IEnumerable<string> arguments, string environment = "Production")
    {
        var directory = Directory.CreateTempSubdirectory("docstream-manifest-");
        try
        {
            var manifestPath = Path.Combine(directory.FullName, "aspire-manifest.json");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppHostDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { AppHostDll, "--publisher", "manifest", "--output-path", manifestPath }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var key in start.Environment.Keys.ToList())
            {
                if (key.StartsWith("DocStream__", StringComparison.OrdinalIgnoreCase) ||
                    key.StartsWith("Parameters__", StringComparison.OrdinalIgnoreCase) ||
                    key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase))
                {
                    start.Environment.Remove(key);
                }
            }
            start.Environment["DOTNET_ENVIRONMENT"] = environment;
            start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The AppHost did not finish publishing within 2 minutes: {AppHostDll}");
            }
            var output = await stdout + await stderr;
            var text = File.Exists(manifestPath) ? await File.ReadAllTextAsync(manifestPath) : null;
            return new ManifestRun(process.ExitCode, output, text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
