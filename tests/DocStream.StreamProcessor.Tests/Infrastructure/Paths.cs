namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>Where the repository, the shared data and the built processes are.</summary>
internal static class Paths
{
    /// <summary>The folder holding <c>DocStream.sln</c>, found upwards from the test's output.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The build configuration the tests run in (Debug or Release), read from the output path.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The real data set: <c>../shared/data/online-retail.csv.gz</c> next to the repository.</summary>
    public static string FullDataFile => Find(Path.Combine("shared", "data", "online-retail.csv.gz"));

    public static string ProcessorDll => Built("DocStream.StreamProcessor", "DocStream.StreamProcessor");

    public static string MongoEmulatorDll => Built(Path.Combine("emulators", "DocStream.MongoEmulator"), "DocStream.MongoEmulator");

    private static string Built(string project, string assembly)
    {
        var dll = Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is not built (the test project references it, so building the tests builds it).");
    }

    private static string FindRepoRoot()
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

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(RepoRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{relative} was not found in {RepoRoot} or any parent.");
    }
}
