using DocStream.Bench.Dashboard;
using DocStream.Contracts;

namespace DocStream.Bench.MongoLoad;

/// <summary>
/// The data set's lines as the processor stores them (with <c>_meta</c>), scaled as bench/e2e.sh scales it: below 1
/// the first rows, above 1 the file again under new ids (<c>online-retail-copy2:{row}</c>, ...).
/// </summary>
internal static class ScaledLines
{
    private const int Partitions = 12;

    public static List<InvoiceLine> Read(string path, double scale)
    {
        var file = DataSetFile.Read(path).ToList();
        var documents = (long)Math.Round(file.Count * scale);
        var storedAt = DateTime.UtcNow;
        var lines = new List<InvoiceLine>((int)documents);
        for (var copy = 1; lines.Count < documents; copy++)
        {
            for (var i = 0; i < file.Count && lines.Count < documents; i++)
            {
                var id = copy == 1 ? file[i].Id : $"online-retail-copy{copy}:{i + 1}";
                var meta = new DocumentMeta(i % Partitions, lines.Count / Partitions, storedAt, null);
                lines.Add(file[i] with { Id = id, Meta = meta });
            }
        }
        return lines;
    }
}
