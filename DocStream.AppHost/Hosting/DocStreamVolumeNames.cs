namespace DocStream.Hosting;

/// <summary>
/// The data volume names DocStream used before its integrations took the official generated defaults
/// (<c>{application}-{hash}-{resource}-data</c>). Passing them keeps existing data; see docs/official-integrations.md.
/// </summary>
public static class DocStreamVolumeNames
{
    public static string Data(string resourceName) => $"docstream-{resourceName}-data";
}
