using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DocStream.MongoEmulator.Auth;
using DocStream.MongoEmulator.Commands;
using DocStream.MongoEmulator.Protocol;
using DocStream.MongoEmulator.Storage;

namespace DocStream.MongoEmulator;

/// <summary>
/// A development stand-in for MongoDB 7.0 (standalone) speaking the wire protocol on 127.0.0.1.
/// Start it with <see cref="StartAsync"/>, point any MongoDB driver at <see cref="ConnectionString"/>.
/// </summary>
public sealed class MongoEmulatorServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly StorageEngine _storage;
    private readonly CommandDispatcher _dispatcher;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, Task Task)> _connections = new();
    private readonly string? _username;
    private readonly string? _password;
    private Task _acceptLoop = Task.CompletedTask;
    private int _nextConnectionId;
    private int _stopped;

    private MongoEmulatorServer(MongoEmulatorOptions options, StorageEngine storage, IReadOnlyList<ScramCredential> credentials)
    {
        _log = options.Log ?? (_ => { });
        _storage = storage;
        _username = options.Username;
        _password = options.Password;
        _dispatcher = new CommandDispatcher(new ServerState(storage, credentials, _log), options.EnableTestCommands);
        _listener = new TcpListener(IPAddress.Loopback, options.Port);
    }

    /// <summary>The TCP port the server listens on (resolved when 0 was requested).</summary>
    public int Port { get; private set; }

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory => _storage.DataDirectory;

    /// <summary>A connection string for the official drivers, with credentials and SCRAM-SHA-256 when authentication is on.</summary>
    public string ConnectionString => _username is not null && _password is not null
        ? $"mongodb://{Uri.EscapeDataString(_username)}:{Uri.EscapeDataString(_password)}@127.0.0.1:{Port}/?authSource=admin&authMechanism=SCRAM-SHA-256"
        : $"mongodb://127.0.0.1:{Port}/";

    /// <summary>Loads the data directory (replaying journals), then starts listening.</summary>
    public static async Task<MongoEmulatorServer> StartAsync(MongoEmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new ArgumentException("DataDirectory is required.", nameof(options));
        }
        if ((options.Username is null) != (options.Password is null))
        {
            throw new ArgumentException("Set both Username and Password, or neither.", nameof(options));
        }
        var log = options.Log ?? (_ => { });
        var storage = new StorageEngine(options.DataDirectory, log, options.Compaction);
        var credentials = new List<ScramCredential>();
        await Task.Run(() =>
        {
            storage.Load();
            if (options.Username is not null && options.Password is not null)
            {
                credentials.Add(ScramCredential.Sha256(options.Username, options.Password));
                credentials.Add(ScramCredential.Sha1(options.Username, options.Password));
            }
        }, ct).ConfigureAwait(false);
        var server = new MongoEmulatorServer(options, storage, credentials);
        try
        {
            server._listener.Start(512);
        }
        catch
        {
            storage.Dispose();
            throw;
        }
        server.Port = ((IPEndPoint)server._listener.LocalEndpoint).Port;
        server._acceptLoop = Task.Run(server.AcceptLoopAsync, CancellationToken.None);
        return server;
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _stopping.Token;
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new ClientConnection(client, id, _dispatcher, _log);
            _dispatcher.Activity.ConnectionOpened();
            var task = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync(ct).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(id, out _);
                    _dispatcher.Activity.ConnectionClosed();
                }
            }, CancellationToken.None);
            _connections[id] = (client, task);
        }
    }

    /// <summary>Stops accepting, closes connections, and folds journals into snapshots for a fast next start.</summary>
    public Task StopAsync() => ShutdownAsync(compact: true);

    /// <summary>Test hook: stop like a killed process would (no compaction, files simply closed).</summary>
    internal Task SimulateCrashAsync() => ShutdownAsync(compact: false);

    private async Task ShutdownAsync(bool compact)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var (client, _) in _connections.Values)
        {
            client.Dispose();
        }
        var pending = _connections.Values.Select(c => c.Task).ToArray();
        await Task.WhenAny(Task.WhenAll(pending), Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        if (compact)
        {
            await Task.Run(_storage.CompactAll).ConfigureAwait(false);
        }
        _storage.Dispose();
        _stopping.Dispose();
        _log("MongoDB emulator stopped");
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
