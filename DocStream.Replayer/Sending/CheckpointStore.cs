using System.Text.Json;

namespace DocStream.Replayer.Sending;

/// <summary>Reads and writes the checkpoint file; writes go to a temporary file that then replaces it, so a crash never leaves half a file.</summary>
public sealed class CheckpointStore(string path)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Path { get; } = path;

    public ReplayCheckpoint? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ReplayCheckpoint>(File.ReadAllBytes(Path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The checkpoint '{Path}' is not readable ({e.Message}); delete it to start over.", e);
        }
    }

    public void Save(ReplayCheckpoint checkpoint)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        var temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json));
        File.Move(temporary, Path, overwrite: true);
    }
}
