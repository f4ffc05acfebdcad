namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>The real data set, <c>shared/data/online-retail.csv.gz</c>, found upwards from the test's output.</summary>
public static class DataSetFile
{
    /// <summary>Rows of the data set (every one maps to a document).</summary>
    public const int Rows = 541_909;

    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data", "online-retail.csv.gz");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"shared/data/online-retail.csv.gz was not found above {AppContext.BaseDirectory}.");
    }
}
