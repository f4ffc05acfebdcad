using System.Globalization;
using System.Net;
using System.Text;

namespace DocStream.Bench.Soak;

/// <summary>
/// Writes the samples as an SVG: one row per process, columns threads, open descriptors and memory (RSS, and the GC
/// heap when it was read), each chart on its own scale, minutes on the x axis; processor restarts (SIGTERM) and
/// the kill (SIGKILL) as vertical lines, the baseline and final windows shaded.
/// </summary>
internal static class SvgPlot
{
    private const int CellWidth = 330, CellHeight = 130, Left = 120, Top = 74, GapX = 40, GapY = 34;
    private const int PlotLeft = 44, PlotRight = 8, PlotTop = 18, PlotBottom = 22;

    public static void Write(string path, IReadOnlyList<Sample> samples, IReadOnlyList<string> resources,
        IReadOnlyList<(double Seconds, string Label)> events, double minutes, (double From, double To) baseline, double finalWindowMinutes, string title)
    {
        string[] columns = ["threads", "open descriptors", "memory (MiB): RSS, GC heap"];
        var width = Left + columns.Length * (CellWidth + GapX);
        var height = Top + resources.Count * (CellHeight + GapY) + 30;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="white"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="20" font-size="14" font-weight="bold">{Escape(title)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="38" fill="#555">x: minutes since the replay started. Red dashed: processor SIGTERM, then started again; black dashed: SIGKILL, then started again.</text><text x="10" y="53" fill="#555">Shaded: baseline (minutes {baseline.From:0.##}-{baseline.To:0.##}) and final window (last {finalWindowMinutes:0.##} min). Memory: blue RSS, orange GC heap (gc-heap-size).</text>""").Append('\n');
        for (var c = 0; c < columns.Length; c++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + c * (CellWidth + GapX) + CellWidth / 2}" y="{Top - 4}" text-anchor="middle" font-weight="bold">{columns[c]}</text>""").Append('\n');
        }
        for (var r = 0; r < resources.Count; r++)
        {
            var resource = resources[r];
            var own = samples.Where(s => s.Resource == resource).OrderBy(s => s.Seconds).ToList();
            var y0 = Top + r * (CellHeight + GapY);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="{y0 + CellHeight / 2}" font-weight="bold">{Escape(resource)}</text>""").Append('\n');
            for (var c = 0; c < columns.Length; c++)
            {
                var x0 = Left + c * (CellWidth + GapX);
                List<(string Colour, List<(double X, double Y)> Points)> series = c switch
                {
                    0 => [("#1f77b4", own.Select(s => (s.Seconds / 60, (double)s.Threads)).ToList())],
                    1 => [("#1f77b4", own.Select(s => (s.Seconds / 60, (double)s.Descriptors)).ToList())],
                    _ => [("#1f77b4", own.Select(s => (s.Seconds / 60, s.RssMb)).ToList()),
                          ("#ff7f0e", own.Where(s => s.GcHeapMb is not null).Select(s => (s.Seconds / 60, s.GcHeapMb!.Value)).ToList())],
                };
                Cell(svg, x0, y0, series, minutes, events, baseline, finalWindowMinutes);
            }
        }
        svg.Append("</svg>\n");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, svg.ToString());
    }

    private static void Cell(StringBuilder svg, int x0, int y0, List<(string Colour, List<(double X, double Y)> Points)> series,
        double minutes, IReadOnlyList<(double Seconds, string Label)> events, (double From, double To) baseline, double finalWindowMinutes)
    {
        var all = series.SelectMany(s => s.Points).ToList();
        var (min, max) = all.Count == 0 ? (0.0, 1.0) : (all.Min(p => p.Y), all.Max(p => p.Y));
        if (max - min < 1e-9)
        {
            (min, max) = (min - 1, max + 1);
        }
        var pad = (max - min) * 0.08;
        (min, max) = (Math.Max(0, min - pad), max + pad);
        double plotW = CellWidth - PlotLeft - PlotRight, plotH = CellHeight - PlotTop - PlotBottom;
        double X(double m) => x0 + PlotLeft + m / Math.Max(minutes, 1e-9) * plotW;
        double Y(double v) => y0 + PlotTop + (1 - (v - min) / (max - min)) * plotH;
        var inv = CultureInfo.InvariantCulture;

        svg.Append(inv, $"""<rect x="{X(baseline.From):F1}" y="{y0 + PlotTop}" width="{X(baseline.To) - X(baseline.From):F1}" height="{plotH:F1}" fill="#e8f0e8"/>""");
        svg.Append(inv, $"""<rect x="{X(minutes - finalWindowMinutes):F1}" y="{y0 + PlotTop}" width="{X(minutes) - X(minutes - finalWindowMinutes):F1}" height="{plotH:F1}" fill="#eeeef8"/>""");
        svg.Append(inv, $"""<rect x="{x0 + PlotLeft}" y="{y0 + PlotTop}" width="{plotW:F1}" height="{plotH:F1}" fill="none" stroke="#999"/>""").Append('\n');
        foreach (var (seconds, label) in events)
        {
            var colour = label.Contains("KILL", StringComparison.Ordinal) ? "#000" : "#d62728";
            svg.Append(inv, $"""<line x1="{X(seconds / 60):F1}" x2="{X(seconds / 60):F1}" y1="{y0 + PlotTop}" y2="{y0 + PlotTop + plotH:F1}" stroke="{colour}" stroke-dasharray="3,2" stroke-width="0.8"/>""");
        }
        // y axis: min and max; x axis: 0, middle, end.
        svg.Append(inv, $"""<text x="{x0 + PlotLeft - 3}" y="{Y(max) + 4:F1}" text-anchor="end">{Format(max)}</text>""");
        svg.Append(inv, $"""<text x="{x0 + PlotLeft - 3}" y="{Y(min):F1}" text-anchor="end">{Format(min)}</text>""");
        foreach (var m in (double[])[0, minutes / 2, minutes])
        {
            svg.Append(inv, $"""<text x="{X(m):F1}" y="{y0 + CellHeight - 6}" text-anchor="middle" fill="#555">{m:0.#}</text>""");
        }
        foreach (var (colour, points) in series.Where(s => s.Points.Count > 0))
        {
            svg.Append(inv, $"""<polyline fill="none" stroke="{colour}" stroke-width="1.3" points="{string.Join(' ', points.Select(p => string.Create(inv, $"{X(p.X):F1},{Y(p.Y):F1}")))}"/>""");
        }
        svg.Append('\n');
    }

    private static string Format(double value) => value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
