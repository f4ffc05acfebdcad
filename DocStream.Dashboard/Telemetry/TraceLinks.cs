using DocStream.Contracts;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Telemetry;

/// <summary>
/// <c>DocStream:Dashboard:AspireDashboardUrl</c>: where the Aspire dashboard that collects the pipeline's traces is.
/// The AppHost sets it in run mode; unset (deployments, tests) the pages show no trace links.
/// </summary>
public sealed class TraceLinkOptions
{
    public const string Section = "DocStream:Dashboard";

    public string? AspireDashboardUrl { get; set; }
}

/// <summary>The link from a stored line to the trace of the request that sent it, in the Aspire dashboard.</summary>
public sealed class TraceLinks(IOptions<TraceLinkOptions> options)
{
    private readonly Uri? _dashboard = Uri.TryCreate(options.Value.AspireDashboardUrl, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;

    public bool Enabled => _dashboard is not null;

    /// <summary>The trace's page (the Aspire dashboard's <c>/traces/detail/{traceId}</c>), or null without a trace or a dashboard.</summary>
    public string? For(DocumentMeta? meta) =>
        _dashboard is { } dashboard && meta?.TraceId is { Length: 32 } traceId && traceId.All(char.IsAsciiHexDigitLower)
            ? new Uri(dashboard, $"/traces/detail/{traceId}").ToString()
            : null;
}
