namespace DocStream.AppHost.Hosting;

/// <summary>
/// Tells the DocStream dashboard where the Aspire dashboard is, so a stored line links to the trace of the request
/// that sent it. Run mode only: a deployment's traces live elsewhere (Application Insights or the environment's
/// Aspire dashboard), and the manifest stays free of a developer's local URL.
/// </summary>
public static class TraceLinks
{
    public const string Setting = "DocStream__Dashboard__AspireDashboardUrl";

    public static IResourceBuilder<ProjectResource> WithTraceLinks(this IResourceBuilder<ProjectResource> dashboard, IDistributedApplicationBuilder builder)
    {
        // The AppHost's own URL is the Aspire dashboard's (launchSettings.json: applicationUrl).
        if (builder.ExecutionContext.IsRunMode
            && builder.Configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(u => u.StartsWith("http", StringComparison.OrdinalIgnoreCase)) is { } url)
        {
            dashboard.WithEnvironment(Setting, url);
        }
        return dashboard;
    }
}
