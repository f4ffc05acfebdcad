using System.Diagnostics;

namespace DocStream.AppHost.Hosting;

/// <summary>Where Kafka and MongoDB come from. The services never know which.</summary>
public enum InfrastructureMode
{
    /// <summary>Real Kafka (KRaft) and MongoDB images, with volumes, Kafka UI and Mongo Express.</summary>
    Containers,

    /// <summary>The project's own stand-ins (no container engine needed), speaking the real protocols.</summary>
    Emulators,

    /// <summary>Connection strings given as parameters: a managed Kafka and MongoDB.</summary>
    External,
}

/// <summary>
/// Chooses the mode: <c>DocStream:Infrastructure</c> (auto, containers, emulators, external) when set; otherwise
/// containers when publishing (the manifest azd deploys) or when a container runtime answers, else emulators.
/// A declared container would otherwise wait forever on a machine whose engine does not run.
/// The emulators are development stand-ins: publishing with them is refused, never silently replaced.
/// </summary>
public static class InfrastructureModeSelector
{
    public const string ConfigurationKey = "DocStream:Infrastructure";

    public static (InfrastructureMode Mode, string Reason) Select(IDistributedApplicationBuilder builder) =>
        Select(builder.Configuration[ConfigurationKey], builder.ExecutionContext.IsPublishMode,
            () => ContainerRuntimeAnswers(out var runtime) ? runtime : null);

    /// <summary>
    /// The decision itself. <paramref name="detectContainerRuntime"/> returns the name of a container runtime that
    /// answers, or null; it is only called in run mode when nothing is configured.
    /// </summary>
    public static (InfrastructureMode Mode, string Reason) Select(string? configured, bool isPublishMode, Func<string?> detectContainerRuntime)
    {
        ArgumentNullException.ThrowIfNull(detectContainerRuntime);
        var value = configured?.Trim();
        if (!string.IsNullOrEmpty(value) && !value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            // Names only: Enum.TryParse would also take "1" or "containers,external".
            var mode = Enum.GetValues<InfrastructureMode>()
                .Select(m => (InfrastructureMode?)m)
                .FirstOrDefault(m => m.ToString()!.Equals(value, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException(
                    $"{ConfigurationKey} is '{configured}'; use auto, containers, emulators or external.");
            if (mode == InfrastructureMode.Emulators && isPublishMode)
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} is '{configured}', but the emulators are development stand-ins and are never deployed. " +
                    "Publish with containers (the default) or external, e.g. DocStream__Infrastructure=containers.");
            }
            return (mode, $"{ConfigurationKey}={value}");
        }
        if (isPublishMode)
        {
            return (InfrastructureMode.Containers, "publishing: deployments run the real images");
        }
        return detectContainerRuntime() is { Length: > 0 } runtime
            ? (InfrastructureMode.Containers, $"container runtime '{runtime}' answers")
            : (InfrastructureMode.Emulators, "no container runtime answers (docker/podman info failed)");
    }

    private static bool ContainerRuntimeAnswers(out string runtime)
    {
        foreach (var candidate in new[] { "docker", "podman" })
        {
            runtime = candidate;
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, "info")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    continue;
                }
                process.StandardOutput.ReadToEndAsync();
                process.StandardError.ReadToEndAsync();
                if (process.WaitForExit(TimeSpan.FromSeconds(5)) && process.ExitCode == 0)
                {
                    return true;
                }
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed.
            }
        }
        runtime = "";
        return false;
    }
}
