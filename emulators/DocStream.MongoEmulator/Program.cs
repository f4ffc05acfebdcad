using DocStream.MongoEmulator;

var options = CommandLine.Parse(args, Environment.GetEnvironmentVariable, out var error, out var help);
if (help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
if (options is null)
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}

options.Log = line => Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {line}");

using var shutdown = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    shutdown.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    shutdown.Cancel();
});

MongoEmulatorServer server;
try
{
    server = await MongoEmulatorServer.StartAsync(options, shutdown.Token);
}
catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or ArgumentException)
{
    Console.Error.WriteLine($"error: could not start: {ex.Message}");
    return 1;
}

Console.WriteLine($"MongoDB emulator listening on 127.0.0.1:{server.Port} (data: {server.DataDirectory}) - development stand-in, not a production database");
try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
    // Ctrl-C or SIGTERM.
}
Console.WriteLine("shutting down...");
await server.StopAsync();
return 0;
