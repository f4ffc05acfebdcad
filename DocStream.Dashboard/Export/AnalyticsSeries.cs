using DocStream.Dashboard.Data;

namespace DocStream.Dashboard.Export;

/// <summary>The series of the analytics page that can be exported, by their link names.</summary>
public static class AnalyticsSeries
{
    public static readonly IReadOnlyList<string> Names = ["day", "month", "country", "product-revenue", "product-quantity"];

    public static string Link(string series, ExportFormat format) =>
        $"export/analytics/{series}?format={(format == ExportFormat.Csv ? ExportFormats.CsvName : ExportFormats.JsonLinesName)}";

    /// <summary>The figures of <paramref name="series"/> in the snapshot; null for an unknown name.</summary>
    public static IReadOnlyList<GroupFigure>? Of(AnalyticsSnapshot snapshot, string series) => series switch
    {
        "day" => snapshot.RevenueByDay,
        "month" => snapshot.RevenueByMonth,
        "country" => snapshot.RevenueByCountry,
        "product-revenue" => snapshot.TopProductsByRevenue,
        "product-quantity" => snapshot.TopProductsByQuantity,
        _ => null,
    };
}
