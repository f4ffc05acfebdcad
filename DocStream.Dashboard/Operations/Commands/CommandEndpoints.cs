using DocStream.Dashboard.Data;
using DocStream.Dashboard.Operations.Redrive;
using DocStream.Dashboard.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace DocStream.Dashboard.Operations.Commands;

/// <summary>
/// The routes behind the dashboard's commands in the Aspire dashboard: a dry run and a re-drive of every dead letter,
/// through the same service (validation, loop guard, marks, audit) as the dead-letter console. Each answers one line
/// of text, which the Aspire dashboard shows.
/// </summary>
public static class CommandEndpoints
{
    public const string DryRunPath = "/operations/commands/redrive-dry-run";
    public const string RedrivePath = "/operations/commands/redrive";
    private const string Policy = "DocStream.CommandToken.Operator";

    public static WebApplicationBuilder AddCommandToken(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CommandTokenOptions>().BindConfiguration(CommandTokenOptions.Section);
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, CommandTokenAuthenticationHandler>(CommandTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CommandTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(DashboardRoles.Operator));
        return builder;
    }

    public static void MapCommandEndpoints(this WebApplication app)
    {
        if (app.Configuration.GetSection(CommandTokenOptions.Section).Get<CommandTokenOptions>() is not { Enabled: true })
        {
            return;
        }
        var commands = app.MapGroup("").RequireAuthorization(Policy).DisableAntiforgery();
        commands.MapPost(DryRunPath, (HttpContext http, IDeadLetterRedrive redrive, CancellationToken cancellationToken) =>
            RunAsync(() => redrive.DryRunAsync(http.User, RedriveSelection.Matching(DeadLetterFilter.None), cancellationToken)));
        commands.MapPost(RedrivePath, (HttpContext http, IDeadLetterRedrive redrive, CancellationToken cancellationToken) =>
            RunAsync(() => redrive.RedriveAsync(http.User, RedriveSelection.Matching(DeadLetterFilter.None), cancellationToken)));
    }

    private static async Task<IResult> RunAsync(Func<Task<RedriveReport>> action)
    {
        try
        {
            var report = await action();
            return TypedResults.Text(report.Outcomes.Count == 0 ? "No dead letter to re-drive." : Capitalized(report.Summary()) + ".");
        }
        catch (OperatorOnlyException e)
        {
            return TypedResults.Text(e.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (Exception e) when (e is MongoDB.Driver.MongoException or TimeoutException or InvalidOperationException or Confluent.Kafka.KafkaException)
        {
            return TypedResults.Text($"Not done: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
