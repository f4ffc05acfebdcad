namespace DocStream.Dashboard.Export;

public static class ExportRegistration
{
    /// <summary>The streaming sources behind the export endpoints (singletons over the thread-safe IMongoDatabase).</summary>
    public static IServiceCollection AddDashboardExports(this IServiceCollection services)
    {
        services.AddSingleton<ILineExportSource, LineExportQueries>();
        services.AddSingleton<IDeadLetterExportSource, DeadLetterExportQueries>();
        return services;
    }
}
