using System.Diagnostics;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DocStream.Contracts;
using MongoDB.Driver;
using Xunit;

namespace DocStream.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole AppHost, started in emulator mode with random secrets and a fresh MongoDB data directory,
/// as <c>dotnet run --project DocStream.AppHost</c> would start it on a machine without a container engine.
/// </summary>
public sealed class DocStreamApp : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "docstream-e2e-" + Guid.NewGuid().ToString("N"));
    private DistributedApplication? _app;

    public string ApiKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");
    public IMongoDatabase Database { get; private set; } = null!;
    public Uri IngestApiUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(
        [
            "DocStream:Infrastructure=emulators",
            $"DocStream:EmulatorDataDirectory={_dataDirectory}",
            $"Parameters:ingest-api-key={ApiKey}",
            $"Parameters:mongo-password={Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
        ]);
        _app = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _app.StartAsync(cts.Token);
        foreach (var resource in new[] { "ingestapi", "processor", "dashboard" })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
        }
        var connectionString = await _app.GetConnectionStringAsync(PipelineNames.Database, cts.Token);
        Database = new MongoClient(connectionString).GetDatabase(PipelineNames.Database);
        IngestApiUrl = _app.GetEndpoint("ingestapi", "http");
    }

    public HttpClient CreateIngestClient()
    {
        var client = App.CreateHttpClient("ingestapi", "http");
        client.DefaultRequestHeaders.Add(PipelineNames.ApiKeyHeader, ApiKey);
        return client;
    }

    /// <summary>Runs the replayer (its real build) against the running API and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunReplayerAsync(string arguments, TimeSpan timeout)
    {
        return await DocStream.Testing.ReplayerProcess.RunAsync(IngestApiUrl, ApiKey, Path.GetTempPath(), arguments, timeout);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
