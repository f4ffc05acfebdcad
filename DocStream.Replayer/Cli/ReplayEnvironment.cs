namespace DocStream.Replayer.Cli;

/// <summary>What the defaults of the options come from: environment variables and the directories to search for the data set.</summary>
public sealed record ReplayEnvironment(Func<string, string?> Variable, string CurrentDirectory, string BaseDirectory)
{
    public const string FileVariable = "REPLAY_FILE";
    public const string ApiUrlVariable = "INGEST_API_URL";
    public const string AspireHttpVariable = "services__ingestapi__http__0";
    public const string AspireHttpsVariable = "services__ingestapi__https__0";
    public const string ApiKeyVariable = "DOCSTREAM_API_KEY";
    public const string DefaultApiUrl = "http://localhost:5080";

    /// <summary>The data set, searched for in every parent of the current and the app's directory.</summary>
    public const string DefaultDataFile = "shared/data/online-retail.csv.gz";

    public static ReplayEnvironment FromProcess() =>
        new(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>Walks up from the current directory, then from the app's directory, looking for <see cref="DefaultDataFile"/>.</summary>
    public string? FindDefaultDataFile()
    {
        foreach (var start in (string[])[CurrentDirectory, BaseDirectory])
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, DefaultDataFile);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>INGEST_API_URL, else the URL Aspire gives for the ingestapi resource (http, then https), else localhost:5080.</summary>
    public string DefaultApiUrlValue() =>
        NonEmpty(Variable(ApiUrlVariable)) ?? NonEmpty(Variable(AspireHttpVariable)) ?? NonEmpty(Variable(AspireHttpsVariable)) ?? DefaultApiUrl;

    internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
