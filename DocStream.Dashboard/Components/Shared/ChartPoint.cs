namespace DocStream.Dashboard.Components.Shared;

/// <summary>One bar or point of a chart: its label, its value, and the value as text shown next to it.</summary>
public sealed record ChartPoint(string Label, double Value, string ValueLabel, string? Href = null);
