namespace DocStream.AppHost.Hosting;

/// <summary>
/// <i>Re-drive dead letters</i> (and its dry run) on the dashboard in the Aspire dashboard: HTTP commands to the
/// dashboard's command routes, which re-drive through the dead-letter console's own service (the ingest API's
/// validation, the loop guard, marks on each record, the audit as "Aspire dashboard"). They authenticate with a
/// secret generated for this run of the AppHost and known only to it and the dashboard. Run mode only: commands
/// are not part of a deployment, and without the secret the routes do not exist.
/// </summary>
public static class DashboardCommands
{
    public const string RedriveDryRun = "redrive-dry-run";
    public const string Redrive = "redrive-dead-letters";
    public const string TokenParameter = "dashboard-command-token";
    private const string DryRunPath = "/operations/commands/redrive-dry-run";
    private const string RedrivePath = "/operations/commands/redrive";

    public static IResourceBuilder<ProjectResource> WithDashboardCommands(this IResourceBuilder<ProjectResource> dashboard, IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return dashboard;
        }
        var token = builder.AddParameter(TokenParameter, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        dashboard.WithEnvironment("DocStream__Dashboard__CommandToken", token);
        dashboard.WithHttpCommand(DryRunPath, "Re-drive dead letters: dry run", commandName: RedriveDryRun, commandOptions: Options(token,
            "Says how many dead letters a re-drive would re-send, how many are invalid, offset gaps or held back by the loop guard; sends nothing.",
            "DocumentSearch", confirmation: null));
        dashboard.WithHttpCommand(RedrivePath, "Re-drive dead letters", commandName: Redrive, commandOptions: Options(token,
            "Re-sends every dead letter the ingest API would accept, keeping its id (stored once however often it is re-driven); the rest stay, marked.",
            "ArrowRepeatAll", confirmation: "Re-drive every dead letter? Run the dry run first to see what would be sent."));
        return dashboard;
    }

    private static HttpCommandOptions Options(IResourceBuilder<ParameterResource> token, string description, string icon, string? confirmation) => new()
    {
        Description = description,
        IconName = icon,
        ConfirmationMessage = confirmation,
        PrepareRequest = async context =>
        {
            var secret = await token.Resource.GetValueAsync(context.CancellationToken);
            context.Request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        },
        GetCommandResult = async context =>
        {
            var text = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
            return context.Response.IsSuccessStatusCode
                ? CommandResults.Success(text)
                : CommandResults.Failure($"{(int)context.Response.StatusCode}: {text}");
        },
    };
}
