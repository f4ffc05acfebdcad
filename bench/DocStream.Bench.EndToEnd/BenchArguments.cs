using System.Globalization;

namespace DocStream.Bench.EndToEnd;

/// <summary>
/// The command line: <c>[file] [rows] [SCALE=s | --scale s]</c>. The scale multiplies the documents sent: below 1 the
/// first rows of the file, above 1 the file again under new ids (see <see cref="ReplayCopy"/>).
/// </summary>
internal sealed record BenchArguments(string File, int RowsLimit, double Scale)
{
    public static BenchArguments Parse(string[] args, string defaultFile)
    {
        var positional = new List<string>();
        var scale = 1.0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("SCALE=", StringComparison.OrdinalIgnoreCase))
            {
                scale = ParseScale(args[i]["SCALE=".Length..]);
            }
            else if (args[i] == "--scale" && i + 1 < args.Length)
            {
                scale = ParseScale(args[++i]);
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        return new BenchArguments(
            positional.Count > 0 ? positional[0] : defaultFile,
            positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : int.MaxValue,
            scale);
    }

    /// <summary>Scale 1 keeps the BENCH names the bench always printed; other scales print <c>e2e.scale_S.*</c>.</summary>
    public bool IsDefaultScale => Scale == 1.0;

    public string ScaleLabel => Scale.ToString(CultureInfo.InvariantCulture);

    private static double ParseScale(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : throw new ArgumentException($"The scale must be a positive number; got '{text}'.");
}
