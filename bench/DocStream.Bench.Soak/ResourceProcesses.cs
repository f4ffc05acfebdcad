using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace DocStream.Bench.Soak;

/// <summary>One process the soak samples: an Aspire resource and the program it runs.</summary>
internal sealed record ServiceProcess(string Resource, string Program);

/// <summary>
/// Finds the operating-system process of a resource. Aspire's orchestrator (DCP) reports the id of the process it
/// started as the resource property <c>executable.pid</c>; for a project that may be <c>dotnet run</c>, whose child is
/// the service itself, so the process taken is the one (that process or a descendant) whose command line runs the
/// program (<c>.../DocStream.StreamProcessor.dll</c> or the apphost <c>.../DocStream.StreamProcessor</c>).
/// Only processes under this run's resources are considered: other runs of the same services on this machine are never picked.
/// </summary>
internal static class ResourceProcesses
{
    public const string PidProperty = "executable.pid";

    public static int? LauncherPid(DistributedApplication app, string resource)
    {
        if (!app.ResourceNotifications.TryGetCurrentState(resource, out var state))
        {
            return null;
        }
        var value = state.Snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value;
        return value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, CultureInfo.InvariantCulture, out var pid) => pid,
            _ => null,
        };
    }

    /// <summary>The process running <paramref name="service"/>'s program now, or null (not started yet, restarting).</summary>
    public static int? Find(DistributedApplication app, ServiceProcess service)
    {
        if (LauncherPid(app, service.Resource) is not { } launcher || !ProcFs.IsAlive(launcher))
        {
            return null;
        }
        foreach (var pid in (int[])[launcher, .. ProcFs.Descendants(launcher)])
        {
            if (ProcFs.IsAlive(pid) && Runs(ProcFs.CommandLine(pid), service.Program))
            {
                return pid;
            }
        }
        return null;
    }

    /// <summary>Waits until the resource's program runs in a process other than <paramref name="previous"/>.</summary>
    public static async Task<int> WaitForAsync(DistributedApplication app, ServiceProcess service, int? previous, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Find(app, service) is { } pid && pid != previous)
            {
                return pid;
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// True when the command line starts the program itself (its dll given to <c>dotnet</c>/<c>dotnet exec</c>, or its
    /// apphost), not <c>dotnet run --project ...</c> or <c>dotnet build</c>.
    /// </summary>
    internal static bool Runs(string[] commandLine, string program)
    {
        if (commandLine.Length == 0 || commandLine.Contains("run") || commandLine.Contains("build"))
        {
            return false;
        }
        var executable = Path.GetFileName(commandLine[0]);
        if (executable == program)
        {
            return true;
        }
        return executable == "dotnet" && commandLine.Skip(1).Take(3).Any(a => Path.GetFileName(a) == program + ".dll");
    }
}
