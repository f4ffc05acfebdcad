using System.Reflection;

namespace DocStream.AppHost.Hosting.Emulators;

/// <summary>
/// How the AppHost starts an emulator project: <c>dotnet &lt;its built dll&gt;</c>. The AppHost references
/// the emulator projects, so building the AppHost builds them in the same configuration.
/// </summary>
internal static class EmulatorLauncher
{
    private static readonly string Configuration =
        typeof(EmulatorLauncher).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildConfiguration")?.Value ?? "Debug";

    /// <summary>Returns the working directory and arguments that start <typeparamref name="TProject"/>'s build.</summary>
    public static (string WorkingDirectory, string[] Args) For<TProject>() where TProject : IProjectMetadata, new()
    {
        var projectPath = new TProject().ProjectPath;
        var directory = Path.GetDirectoryName(projectPath)!;
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var dll = Path.Combine(directory, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(dll)
            ? (directory, [dll])
            : (directory, ["run", "--project", projectPath, "--no-launch-profile", "--"]);
    }
}
