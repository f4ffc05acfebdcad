namespace DocStream.AppHost.Tests.OfficialApi;

/// <summary>
/// The differences docs/official-integrations.md allows: the lines of its <c>api-differences</c> block, <c>+ line</c>
/// for what only ours has, <c>- line</c> for what only the official packages have.
/// </summary>
internal static class ListedDifferences
{
    private const string BlockStart = "```api-differences";

    public static IReadOnlyList<string> Read()
    {
        var path = Path.Combine(RepoRoot(), "docs", "official-integrations.md");
        var lines = File.ReadAllLines(path);
        var start = Array.IndexOf(lines, BlockStart);
        if (start < 0)
        {
            throw new InvalidOperationException($"{path} has no {BlockStart} block.");
        }
        return lines.Skip(start + 1).TakeWhile(l => l != "```")
            .Where(l => l.StartsWith("+ ", StringComparison.Ordinal) || l.StartsWith("- ", StringComparison.Ordinal))
            .ToList();
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
}
