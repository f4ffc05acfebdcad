using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>
/// The MongoDB emulator as its own process on a fixed port and data directory, so it can be stopped and
/// started again as the same server (an outage), with authentication like the AppHost sets it up.
/// </summary>
internal sealed partial class MongoEmulatorProcess : IAsyncDisposable
{
    public const string Username = "docstream";
    public const string Password = "processor-tests-secret";

    private ChildProcess? _process;

    public int Port { get; }

    public string DataDirectory { get; }

    /// <summary>What the processor gets as <c>ConnectionStrings__docstreaming</c>.</summary>
    public string ConnectionString => $"mongodb://{Username}:{Password}@127.0.0.1:{Port}/docstreaming?authSource=admin";

    public ChildProcess Process => _process ?? throw new InvalidOperationException("The MongoDB emulator is not running.");

    private MongoEmulatorProcess(int port, string dataDirectory)
    {
        Port = port;
        DataDirectory = dataDirectory;
    }

    public static async Task<MongoEmulatorProcess> StartAsync(string dataDirectory)
    {
        var emulator = new MongoEmulatorProcess(FreePort(), dataDirectory);
        try
        {
            await emulator.StartAgainAsync();
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port and data directory.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The MongoDB emulator is already running.");
        }
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _process = ChildProcess.Start("MongoDB emulator", Paths.MongoEmulatorDll,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", DataDirectory,
             "--username", Username, "--password", Password, "--enable-test-commands"],
            new Dictionary<string, string>());
        await _process.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills the server (SIGKILL): connections drop at once, like a crashed or unplugged database.</summary>
    public void Kill() => _process?.Kill();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("MongoDB emulator listening on")]
    private static partial Regex ListeningLine();
}
