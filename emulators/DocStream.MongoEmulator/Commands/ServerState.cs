using DocStream.MongoEmulator.Auth;
using DocStream.MongoEmulator.Storage;

namespace DocStream.MongoEmulator.Commands;

/// <summary>What all connections share: storage, open cursors, the configured user's SCRAM secrets and the log.</summary>
internal sealed class ServerState(StorageEngine storage, IReadOnlyList<ScramCredential> credentials, Action<string> log)
{
    public StorageEngine Storage { get; } = storage;

    public CursorStore Cursors { get; } = new();

    public ServerActivity Activity { get; } = new();

    public IReadOnlyList<ScramCredential> Credentials { get; } = credentials;

    public bool AuthenticationRequired => Credentials.Count > 0;

    public Action<string> Log { get; } = log;

    public ScramCredential? FindCredential(string mechanism, string username) =>
        Credentials.FirstOrDefault(c => c.Mechanism == mechanism && c.Username == username);
}
