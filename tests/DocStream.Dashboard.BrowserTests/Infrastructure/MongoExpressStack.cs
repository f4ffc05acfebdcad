using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DocStream.Contracts;
using DocStream.MongoEmulator;
using Microsoft.Playwright;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace DocStream.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// The MongoDB emulator (in process) holding a few invoice lines in <c>docstreaming.invoices</c>, Mongo Express
/// started by the AppHost's own launcher (DocStream.AppHost/MongoExpress/start.mjs, which installs the pinned npm
/// package into the git-ignored DocStream.AppHost/obj/mongo-express when it is not there yet), and Debian Chromium.
/// </summary>
public sealed class MongoExpressStack : IAsyncLifetime
{
    /// <summary>First install: npm ci from the lock file (cached after) plus Mongo Express's asset build.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "docstream-mongo-express-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _output = [];
    private MongoEmulatorServer? _emulator;
    private Process? _mongoExpress;
    private IPlaywright? _playwright;

    public string UserName { get; } = "me-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The invoice lines stored before Mongo Express starts, in _id order.</summary>
    public IReadOnlyList<BsonDocument> Lines { get; } = Enumerable.Range(0, 3).Select(i => new BsonDocument
    {
        { "_id", $"53636{5 + i}-{(i == 2 ? "84406B" : "85123A")}" },
        { "InvoiceNo", $"53636{5 + i}" },
        { "StockCode", i == 2 ? "84406B" : "85123A" },
        { "Description", i == 2 ? "CREAM CUPID HEARTS COAT HANGER" : "WHITE HANGING HEART T-LIGHT HOLDER" },
        { "Quantity", 6 + i },
        { "UnitPrice", 2.55 + i },
        { "CustomerID", "17850" },
        { "Country", "United Kingdom" },
        { "InvoiceDate", new BsonDateTime(new DateTime(2010, 12, 1, 8, 26, 0, DateTimeKind.Utc)) },
    }).ToList();

    public async Task InitializeAsync()
    {
        _emulator = await MongoEmulatorServer.StartAsync(new MongoEmulatorOptions
        {
            Port = 0,
            DataDirectory = _dataDirectory,
            Username = "docstream",
            Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        });
        using (var client = new MongoClient(_emulator.ConnectionString))
        {
            await client.GetDatabase(PipelineNames.Database).GetCollection<BsonDocument>(PipelineNames.InvoicesCollection).InsertManyAsync(Lines);
        }
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        await StartMongoExpressAsync(port);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = DashboardStack.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            Timeout = 30_000,
        });
    }

    /// <summary>A browser page with its own context, sending <paramref name="credentials"/> when the server asks for them.</summary>
    public async Task<IPage> NewPageAsync(HttpCredentials? credentials)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), HttpCredentials = credentials });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(20_000);
        return await context.NewPageAsync();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    private async Task StartMongoExpressAsync(int port)
    {
        var appHost = Path.Combine(RepositoryRoot(), "DocStream.AppHost");
        var info = new ProcessStartInfo("node") { WorkingDirectory = Path.Combine(appHost, "MongoExpress"), RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("start.mjs");
        // The same settings as the AppHost's resource (MongoExpressEmulatorExtensions).
        info.Environment["MONGO_EXPRESS_INSTALL_DIR"] = Path.Combine(appHost, "obj", "mongo-express");
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["VCAP_APP_HOST"] = "127.0.0.1";
        info.Environment["ME_CONFIG_MONGODB_URL"] = _emulator!.ConnectionString;
        info.Environment["ME_CONFIG_MONGODB_ENABLE_ADMIN"] = "true";
        info.Environment["ME_CONFIG_BASICAUTH"] = "true";
        info.Environment["ME_CONFIG_BASICAUTH_USERNAME"] = UserName;
        info.Environment["ME_CONFIG_BASICAUTH_PASSWORD"] = Password;
        var sessionSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        info.Environment["ME_CONFIG_SITE_SESSIONSECRET"] = sessionSecret;
        info.Environment["ME_CONFIG_SITE_COOKIESECRET"] = sessionSecret;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                _output.Add(line);
            }
            if (line.Contains("Mongo Express server listening", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }
        _mongoExpress = new Process { StartInfo = info };
        _mongoExpress.OutputDataReceived += (_, e) => OnLine(e.Data);
        _mongoExpress.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _mongoExpress.Start();
        _mongoExpress.BeginOutputReadLine();
        _mongoExpress.BeginErrorReadLine();
        var started = await Task.WhenAny(listening.Task, _mongoExpress.WaitForExitAsync(), Task.Delay(StartTimeout));
        if (started != listening.Task)
        {
            throw new InvalidOperationException($"Mongo Express did not start listening:\n{Output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
        throw new DirectoryNotFoundException("DocStream.sln not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_mongoExpress is { HasExited: false })
        {
            _mongoExpress.Kill(entireProcessTree: true);
            await _mongoExpress.WaitForExitAsync();
        }
        _mongoExpress?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // never created
        }
    }
}
