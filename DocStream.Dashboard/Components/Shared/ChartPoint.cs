namespace DocStream.Dashboard.Components.Shared;

/// <summary>One bar or point of a chart: its label, its value, and the value as text shown next to it.</summary>
public sealed record ChartPoint(string Label, double Value, string ValueLabel, string? Href = null)
{
    /// <summary>The exact value for the tooltip and the table view (£105,234.56 where the bar says £105.2k); the value label when not given.</summary>
    public string? ExactLabel { get; init; }

    public string Exact => ExactLabel ?? ValueLabel;
}
