using System.Diagnostics;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DocStream.Contracts;
using DocStream.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace DocStream.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// The whole AppHost on emulators (fresh MongoDB data directory, random secrets), the first
/// <see cref="Rows"/> rows of the real data set sent through the real replayer, and Debian Chromium driven by
/// Playwright. Ready when every row is in MongoDB and the dashboard's analytics snapshot counts them all.
/// </summary>
public sealed class DashboardStack : IAsyncLifetime
{
    /// <summary>1 Dec 2010 08:26 to 9 Dec 2010 11:45: 938 invoices, 559 customers, cancellations, lines without a customer.</summary>
    public const int Rows = 20_000;

    /// <summary>The Debian package's binary (ENVIRONMENT.md); Playwright's own browsers are never downloaded.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "docstream-browser-" + Guid.NewGuid().ToString("N"));
    private readonly string _apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    private readonly string _mongoPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _mongoExpressPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly Dictionary<DashboardUser, string> _signedInState = [];
    private DistributedApplication? _app;
    private IPlaywright? _playwright;

    public ExpectedFigures Expected { get; private set; } = null!;
    public Uri DashboardUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IMongoDatabase Database { get; private set; } = null!;

    public string OperatorKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public string ViewerKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// <summary>Every line the AppHost, the services and the emulators logged during the run, for the secret scan.</summary>
    public ResourceLogCollector Logs { get; } = new();

    /// <summary>The secrets this run was given, by name.</summary>
    public IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string>
    {
        ["ingest-api-key"] = _apiKey,
        ["mongo-password"] = _mongoPassword,
        ["mongo-express-password"] = _mongoExpressPassword,
        ["dashboard-operator-key"] = OperatorKey,
        ["dashboard-viewer-key"] = ViewerKey,
    };

    /// <summary>Artifacts of this run: <c>TestResults/screenshots</c> under the repository root.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: stop whatever did start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        // Read first: a missing data set should fail before anything starts.
        var rows = DataSet.Read(DataSet.FullFile, Rows).ToList();
        Assert.Equal(Rows, rows.Count);
        Expected = new ExpectedFigures(rows);
        // Only this run's pictures: a failed page must not leave an old one behind.
        if (Directory.Exists(ScreenshotDirectory))
        {
            foreach (var old in Directory.GetFiles(ScreenshotDirectory, "dashboard-*.png"))
            {
                File.Delete(old);
            }
        }
        Directory.CreateDirectory(ScreenshotDirectory);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(
        [
            "DocStream:Infrastructure=emulators",
            $"DocStream:EmulatorDataDirectory={_dataDirectory}",
            $"Parameters:ingest-api-key={_apiKey}",
            $"Parameters:mongo-password={_mongoPassword}",
            $"Parameters:mongo-express-password={_mongoExpressPassword}",
            $"Parameters:dashboard-operator-key={OperatorKey}",
            $"Parameters:dashboard-viewer-key={ViewerKey}",
        ]);
        // The snapshot is recomputed every 30 s by default; every 5 s here so the test sees the replayed rows soon.
        var dashboard = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "dashboard");
        builder.CreateResourceBuilder(dashboard).WithEnvironment("Dashboard__Analytics__Interval", "00:00:05")
            // An open page notices a signed-out session within seconds (30 s by default).
            .WithEnvironment("Dashboard__Session__RevalidationInterval", "00:00:02")
            // Every sign-in of these tests comes from 127.0.0.1; the limit itself is tested in DocStream.Dashboard.SecurityTests.
            .WithEnvironment("Dashboard__SignIn__AttemptsPerWindow", "1000");
        // The services' own logs only from warnings up (they are forwarded to the test output).
        // The AppHost's health probes fail by design while the services start and stop: not worth a stack trace each.
        builder.Services.AddLogging(logging => logging
            .AddProvider(Logs)
            // The secret scan reads every line of every resource, and the AppHost's own at the level it logs when run
            // (Information, as DocStream.AppHost/appsettings.json). Aspire's Debug-level resource snapshots list
            // parameter values; they are off unless someone turns Aspire's debug logging on (docs/security.md).
            .AddFilter<ResourceLogCollector>("DocStream.AppHost.Resources", LogLevel.Trace)
            .AddFilter<ResourceLogCollector>(null, LogLevel.Information)
            .AddFilter("DocStream.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Error));

        _app = await builder.BuildAsync();
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            await _app.StartAsync(cts.Token);
            foreach (var resource in new[] { "ingestapi", "processor", "dashboard" })
            {
                await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
            }
            Database = new MongoClient(await _app.GetConnectionStringAsync(PipelineNames.Database, cts.Token))
                .GetDatabase(PipelineNames.Database);
        }
        DashboardUrl = _app.GetEndpoint("dashboard", "http");

        var (exitCode, output) = await RunReplayerAsync(
            $"--file \"{DataSet.FullFile}\" --limit {Rows} --batch-size 1000", TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, output);
        await WaitForStoredAsync(TimeSpan.FromMinutes(1));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        });
        foreach (var user in new[] { DashboardUser.Viewer, DashboardUser.Operator })
        {
            var page = await NewPageAsync(DashboardUser.Anonymous);
            await SignInAsync(page, user == DashboardUser.Operator ? OperatorKey : ViewerKey);
            await Assertions.Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync(user == DashboardUser.Operator ? "operator" : "viewer");
            _signedInState[user] = await page.Context.StorageStateAsync();
            await page.Context.CloseAsync();
        }
        await WaitForSnapshotAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// A fresh browser context (own storage, light colour scheme) and page, with bounded waits, signed in as
    /// <paramref name="user"/> with the session the fixture opened (so never sign that context out: use a new sign-in).
    /// </summary>
    public async Task<IPage> NewPageAsync(DashboardUser user = DashboardUser.Viewer)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = DashboardUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            ColorScheme = ColorScheme.Light,
            Locale = "en-GB",
            StorageState = user == DashboardUser.Anonymous ? null : _signedInState[user],
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on the sign-in page the browser is on (or is sent to) with <paramref name="key"/>.</summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        if (!page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await page.GotoAsync("signin");
        }
        await page.GetByTestId("access-key").FillAsync(key);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-name")).ToBeVisibleAsync();
    }

    /// <summary>A full-page screenshot into <see cref="ScreenshotDirectory"/>; returns its path.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, $"dashboard-{name}.png");
        // Let the Fluent web components finish their first paint (fonts, icons); a page that keeps fetching is shot anyway.
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 5_000 });
        }
        catch (PlaywrightException)
        {
        }
        // Blazor focuses the heading after a navigation; its focus ring would be in every picture.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    private async Task<(int ExitCode, string Output)> RunReplayerAsync(string arguments, TimeSpan timeout)
    {
        return await DocStream.Testing.ReplayerProcess.RunAsync(_app!.GetEndpoint("ingestapi", "http"), _apiKey, _dataDirectory, arguments, timeout);
    }

    private async Task WaitForStoredAsync(TimeSpan timeout)
    {
        var lines = Database.GetCollection<BsonDocument>(PipelineNames.InvoicesCollection);
        var deadline = DateTime.UtcNow + timeout;
        long count;
        do
        {
            count = await lines.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty);
            if (count >= Rows)
            {
                Assert.Equal(Rows, count);
                return;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Only {count} of {Rows} lines were stored within {timeout}.");
    }

    /// <summary>Waits on the analytics page itself until the snapshot counts every replayed line.</summary>
    private async Task WaitForSnapshotAsync(TimeSpan timeout)
    {
        var page = await NewPageAsync();
        try
        {
            await page.GotoAsync("analytics");
            await Assertions.Expect(page.GetByTestId("total-lines"))
                .ToHaveTextAsync(Format.Count(Rows), new LocatorAssertionsToHaveTextOptions { Timeout = (float)timeout.TotalMilliseconds });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DocStream.sln")))
            {
                return dir.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }

    /// <summary>
    /// With <c>DOCSTREAM_UPDATE_SCREENSHOTS=1</c>, the run's screenshots replace <c>docs/screenshots/dashboard-*.png</c>
    /// (the README's pictures); otherwise they stay test artifacts only, so a test run never dirties the work tree.
    /// </summary>
    private void PublishScreenshots()
    {
        var taken = Directory.Exists(ScreenshotDirectory) ? Directory.GetFiles(ScreenshotDirectory, "dashboard-*.png") : [];
        if (Environment.GetEnvironmentVariable("DOCSTREAM_UPDATE_SCREENSHOTS") != "1" || taken.Length == 0)
        {
            return;
        }
        var docs = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(docs);
        foreach (var old in Directory.GetFiles(docs, "dashboard-*.png"))
        {
            File.Delete(old);
        }
        foreach (var file in taken)
        {
            File.Copy(file, Path.Combine(docs, Path.GetFileName(file)), overwrite: true);
        }
    }

    public async Task DisposeAsync()
    {
        PublishScreenshots();
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            Browser = null!;
        }
        _playwright?.Dispose();
        _playwright = null;
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
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

public enum DashboardUser
{
    Anonymous,
    Viewer,
    Operator,
}

/// <summary>One AppHost, data load and browser shared by all browser tests (starting them takes tens of seconds).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardStack>
{
    public const string Name = "Dashboard in a browser";
}
