using System.Net.Sockets;
using DocStream.MongoEmulator.Commands;

namespace DocStream.MongoEmulator.Protocol;

/// <summary>Serves one TCP connection: read a message, run its command, write the reply, repeat.</summary>
internal sealed class ClientConnection(TcpClient client, int connectionId, CommandDispatcher dispatcher, Action<string> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var state = new ConnectionState(connectionId);
        var writer = new MessageWriter();
        try
        {
            client.NoDelay = true;
            await using var stream = client.GetStream();
            while (!ct.IsCancellationRequested)
            {
                var message = await MessageReader.ReadAsync(stream, ct).ConfigureAwait(false);
                if (message is null)
                {
                    return;
                }
                var reply = await DispatchAsync(state, message.Command, ct).ConfigureAwait(false);
                if (!message.MoreToCome)
                {
                    await writer.WriteAsync(stream, message.RequestId, message.OpCode, reply, ct).ConfigureAwait(false);
                }
            }
        }
        catch (WireFormatException ex)
        {
            log($"connection {connectionId}: closing after a protocol error: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping.
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or EndOfStreamException or ArgumentException)
        {
            // Undecodable BSON in a message: like mongod, drop the connection rather than guess.
            log($"connection {connectionId}: closing after an undecodable message: {ex.Message}");
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Runs the command, first holding it or failing it when the <c>failCommand</c> fail point says so.</summary>
    private async ValueTask<MongoDB.Bson.BsonDocument> DispatchAsync(ConnectionState state, MongoDB.Bson.BsonDocument command, CancellationToken ct)
    {
        if (command.ElementCount > 0 && dispatcher.FailCommand.Take(command.GetElement(0).Name, state.AppName, Namespace(command)) is { } failure)
        {
            if (failure.Block > TimeSpan.Zero)
            {
                await Task.Delay(failure.Block, ct).ConfigureAwait(false);
            }
            if (failure.ErrorCode is { } code)
            {
                return new MongoCommandException(code, $"Failing command {command.GetElement(0).Name} via 'failCommand' failpoint").ToReply();
            }
        }
        return dispatcher.Dispatch(state, command);
    }

    private static string? Namespace(MongoDB.Bson.BsonDocument command) =>
        command.TryGetValue("$db", out var db) && command[0] is MongoDB.Bson.BsonString collection ? $"{db}.{collection.Value}" : null;
}
