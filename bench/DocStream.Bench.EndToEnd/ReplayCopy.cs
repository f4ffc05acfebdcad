namespace DocStream.Bench.EndToEnd;

/// <summary>
/// One pass of the replayer over the data set: the first <see cref="Rows"/> rows under ids <c>IdPrefix:row</c>.
/// The first copy keeps the replayer's own prefix (the file's stem); copy n &gt; 1 uses <c>stem-copyN</c>, so its ids
/// cannot meet those of another copy (the prefix differs and ends at the ':').
/// </summary>
internal sealed record ReplayCopy(string IdPrefix, int Rows)
{
    public static List<ReplayCopy> Plan(string stem, int fileRows, double scale)
    {
        var documents = (long)Math.Round(fileRows * scale);
        var copies = new List<ReplayCopy>();
        for (var n = 1; documents > 0; n++)
        {
            var rows = (int)Math.Min(fileRows, documents);
            copies.Add(new ReplayCopy(n == 1 ? stem : $"{stem}-copy{n}", rows));
            documents -= rows;
        }
        return copies;
    }
}
