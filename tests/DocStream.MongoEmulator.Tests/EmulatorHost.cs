using DocStream.MongoEmulator.Storage;
using MongoDB.Driver;

namespace DocStream.MongoEmulator.Tests;

/// <summary>Starts the emulator in-process on a free port with a temporary data directory, and cleans up after.</summary>
internal sealed class EmulatorHost : IAsyncDisposable
{
    public const string User = "docstream";
    public const string Password = "s3cret-pass";

    private EmulatorHost(string dataDirectory, bool withAuth, bool enableTestCommands, CompactionSettings? compaction)
    {
        DataDirectory = dataDirectory;
        WithAuth = withAuth;
        EnableTestCommands = enableTestCommands;
        Compaction = compaction ?? CompactionSettings.Default;
    }

    public CompactionSettings Compaction { get; }

    public bool EnableTestCommands { get; }

    public string DataDirectory { get; }

    public bool WithAuth { get; }

    public MongoEmulatorServer Server { get; private set; } = null!;

    public static async Task<EmulatorHost> StartAsync(bool withAuth = true, string? dataDirectory = null, bool enableTestCommands = false,
        CompactionSettings? compaction = null)
    {
        var host = new EmulatorHost(dataDirectory ?? NewDataDirectory(), withAuth, enableTestCommands, compaction);
        await host.StartServerAsync();
        return host;
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "docstream-mongo-tests", Guid.NewGuid().ToString("N"));

    private async Task StartServerAsync()
    {
        Server = await MongoEmulatorServer.StartAsync(new MongoEmulatorOptions
        {
            Port = 0,
            DataDirectory = DataDirectory,
            Username = WithAuth ? User : null,
            Password = WithAuth ? Password : null,
            EnableTestCommands = EnableTestCommands,
            Compaction = Compaction,
        });
    }

    /// <summary>Clean stop, then start again on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await Server.StopAsync();
        await StartServerAsync();
    }

    /// <summary>Stop as if killed (no compaction), optionally damage the files, then start again.</summary>
    public async Task CrashAndRestartAsync(Action<string>? damage = null)
    {
        await Server.SimulateCrashAsync();
        damage?.Invoke(DataDirectory);
        await StartServerAsync();
    }

    public MongoClient CreateClient(string? connectionString = null)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString ?? Server.ConnectionString);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5);
        settings.ConnectTimeout = TimeSpan.FromSeconds(5);
        return new MongoClient(settings);
    }

    public IMongoDatabase Database(string name = "shop") => CreateClient().GetDatabase(name);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
