using DocStream.Contracts;
using MongoDB.Driver;

namespace DocStream.AppHost.Hosting;

/// <summary>
/// <i>Pause processing</i> and <i>Resume processing</i> on the processor in the Aspire dashboard, so a developer acts
/// from where they watch the traces. They flip the same switch as the DocStream dashboard's operator action and are
/// audited the same way ("Aspire dashboard"); whoever holds the Aspire dashboard's login already controls every
/// resource. Run mode only: commands are not part of a deployment.
/// </summary>
public static class ProcessingCommands
{
    public const string Pause = "pause-processing";
    public const string Resume = "resume-processing";
    private const string Actor = "Aspire dashboard";

    public static IResourceBuilder<ProjectResource> WithProcessingCommands(
        this IResourceBuilder<ProjectResource> processor, IResourceBuilder<IResourceWithConnectionString> database)
    {
        processor.WithCommand(Pause, "Pause processing", context => SetPausedAsync(database.Resource, paused: true, context),
            new CommandOptions
            {
                Description = "Every processor instance stops fetching from Kafka within a second; documents wait in Kafka, nothing is lost.",
                ConfirmationMessage = "Pause processing? Lag grows until someone resumes it (and the ingest API sheds load past its budget).",
                IconName = "Pause",
                UpdateState = RunningOnly,
            });
        processor.WithCommand(Resume, "Resume processing", context => SetPausedAsync(database.Resource, paused: false, context),
            new CommandOptions
            {
                Description = "Processing continues from the committed offsets.",
                IconName = "Play",
                UpdateState = RunningOnly,
            });
        return processor;
    }

    private static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static async Task<ExecuteCommandResult> SetPausedAsync(IResourceWithConnectionString database, bool paused, ExecuteCommandContext context)
    {
        try
        {
            var connectionString = await database.GetConnectionStringAsync(context.CancellationToken)
                ?? throw new InvalidOperationException("MongoDB has no connection string yet.");
            using var client = new MongoClient(connectionString);
            var db = client.GetDatabase(PipelineNames.Database);
            var now = DateTime.UtcNow;
            await db.GetCollection<ProcessingControl>(PipelineNames.ControlCollection).ReplaceOneAsync(
                c => c.Id == ProcessingControl.DocumentId,
                new ProcessingControl { Paused = paused, ChangedAt = now, ChangedBy = Actor },
                new ReplaceOptions { IsUpsert = true }, context.CancellationToken);
            await db.GetCollection<OperatorAuditEntry>(PipelineNames.AuditCollection).InsertOneAsync(
                new OperatorAuditEntry { At = now, By = Actor, Action = paused ? "pause processing" : "resume processing", Result = "done" },
                cancellationToken: context.CancellationToken);
            return CommandResults.Success();
        }
        catch (Exception e) when (e is MongoException or TimeoutException or InvalidOperationException)
        {
            return CommandResults.Failure($"MongoDB did not take the change: {e.Message}");
        }
    }
}
