namespace DocStream.Dashboard.Data;

public static class ServiceCollectionExtensions
{
    /// <summary>The query services (singletons over the thread-safe IMongoDatabase) and the analytics snapshot service.</summary>
    public static IServiceCollection AddDashboardQueries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.Configure<AnalyticsOptions>(configuration.GetSection(AnalyticsOptions.Section));
        services.AddSingleton<ICustomerQueries, CustomerQueries>();
        services.AddSingleton<IInvoiceQueries, InvoiceQueries>();
        services.AddSingleton<ILineQueries, LineQueries>();
        services.AddSingleton<IPipelineStatusQueries, PipelineStatusQueries>();
        services.AddSingleton<IDeadLetterQueries, DeadLetterQueries>();
        services.AddSingleton<IAnalyticsQueries, AnalyticsQueries>();
        services.AddSingleton<IAnalyticsDataVersion, AnalyticsDataVersion>();
        services.AddSingleton<Operations.OperatorAudit>();
        services.AddSingleton<Operations.IOperatorAuditTrail>(sp => sp.GetRequiredService<Operations.OperatorAudit>());
        services.AddSingleton<Operations.IProcessingControl, Operations.ProcessingControlService>();
        services.AddSingleton<Operations.IRewindControl, Operations.RewindControlService>();
        services.Configure<LagHistoryOptions>(configuration.GetSection(LagHistoryOptions.Section));
        services.AddSingleton<LagHistory>();
        services.AddSingleton<ILagHistory>(sp => sp.GetRequiredService<LagHistory>());
        services.AddHostedService(sp => sp.GetRequiredService<LagHistory>());
        services.AddOptions<Operations.Redrive.RedriveOptions>().BindConfiguration(Operations.Redrive.RedriveOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Operations.Redrive.IDeadLetterRedrive, Operations.Redrive.DeadLetterRedriveService>();
        services.Configure<Telemetry.TraceLinkOptions>(configuration.GetSection(Telemetry.TraceLinkOptions.Section));
        services.AddSingleton<Telemetry.TraceLinks>();
        services.AddSingleton<AnalyticsSnapshotService>();
        services.AddSingleton<IAnalyticsSnapshotSource>(sp => sp.GetRequiredService<AnalyticsSnapshotService>());
        services.AddHostedService(sp => sp.GetRequiredService<AnalyticsSnapshotService>());
        return services;
    }
}
