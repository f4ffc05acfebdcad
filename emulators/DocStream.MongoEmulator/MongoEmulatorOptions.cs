namespace DocStream.MongoEmulator;

/// <summary>Settings for <see cref="MongoEmulatorServer"/>.</summary>
public sealed class MongoEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Where journals and snapshots are kept. Created if missing.</summary>
    public string DataDirectory { get; set; } = Path.Combine(".data", "mongo");

    /// <summary>When both user name and password are set, clients must authenticate with SCRAM.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Accept test commands (<c>configureFailPoint</c>), as mongod does with <c>--setParameter enableTestCommands=1</c>.
    /// Off by default: without it the command answers CommandNotFound.
    /// </summary>
    public bool EnableTestCommands { get; set; }

    /// <summary>Receives log lines (start-up, loads, errors). Null discards them.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Tests only: when journals are compacted and a hook at each step of a background compaction.</summary>
    internal Storage.CompactionSettings Compaction { get; set; } = Storage.CompactionSettings.Default;
}
