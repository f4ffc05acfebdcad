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
/// Chooses the mode: <c>DocStream:Infrastructure</c> (containers, emulators, external) when set; otherwise
/// containers when publishing (the manifest azd deploys) or when a container runtime answers, else emulators.
/// A declared container would otherwise wait forever on a machine whose engine does not run.
/// </summary>
public static class InfrastructureModeSelector
{
    public const string ConfigurationKey = "DocStream:Infrastructure";

    public static (InfrastructureMode Mode, string Reason) Select(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured) && !configured.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            if (!Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var mode))
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} is '{configured}'; use auto, containers, emulators or external.");
            }
            return (mode, $"{ConfigurationKey}={configured}");
        }
        if (builder.ExecutionContext.IsPublishMode)
        {
            return (InfrastructureMode.Containers, "publishing: deployments run the real images");
        }
        return ContainerRuntimeAnswers(out var runtime)
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
