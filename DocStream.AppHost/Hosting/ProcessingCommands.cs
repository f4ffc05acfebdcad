using Confluent.Kafka;
using Confluent.Kafka.Admin;
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
    public const string RewindDryRun = "rewind-dry-run";
    public const string RewindToEarliest = "rewind-to-earliest";
    private const string Actor = "Aspire dashboard";

    public static IResourceBuilder<ProjectResource> WithProcessingCommands(
        this IResourceBuilder<ProjectResource> processor, IResourceBuilder<IResourceWithConnectionString> database,
        IResourceBuilder<IResourceWithConnectionString> kafka)
    {
        processor.WithCommand(RewindDryRun, "Rewind to earliest: dry run", context => DryRunAsync(kafka.Resource, context),
            new CommandOptions
            {
                Description = "Says per partition how many messages a rewind to the earliest offset would read again; changes nothing.",
                IconName = "DocumentSearch",
                UpdateState = RunningOnly,
            });
        processor.WithCommand(RewindToEarliest, "Rewind to earliest", context => RequestRewindAsync(database.Resource, context),
            new CommandOptions
            {
                Description = "Every instance sets its partitions back to the earliest offset and writes everything again (upserts: the store stays exact).",
                ConfirmationMessage = "Read and write every message still in Kafka again? Run the dry run first to see how many.",
                IconName = "ArrowRewind",
                UpdateState = RunningOnly,
            });
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

    private static async Task<ExecuteCommandResult> DryRunAsync(IResourceWithConnectionString kafka, ExecuteCommandContext context)
    {
        try
        {
            var bootstrap = await kafka.GetConnectionStringAsync(context.CancellationToken)
                ?? throw new InvalidOperationException("Kafka has no connection string yet.");
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
            var timeout = TimeSpan.FromSeconds(10);
            var partitions = admin.GetMetadata(PipelineNames.IngestTopic, timeout).Topics.Single().Partitions
                .Select(p => new TopicPartition(PipelineNames.IngestTopic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
            var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(PipelineNames.ProcessorGroup, partitions)]))
                .Single().Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
            var earliest = (await admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Earliest() })))
                .ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.Partition.Value, r => r.TopicPartitionOffsetError.Offset.Value);
            var again = partitions.ToDictionary(p => p.Partition.Value,
                p => Math.Max(0, committed.GetValueOrDefault(p.Partition.Value, -1) - earliest[p.Partition.Value]));
            var lines = string.Join(", ", again.Select(a => $"{a.Key}: {a.Value:N0}"));
            return CommandResults.Success($"A rewind to the earliest offset would read {again.Values.Sum():N0} messages again ({lines}).");
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException)
        {
            return CommandResults.Failure($"Kafka did not answer: {e.Message}");
        }
    }

    private static async Task<ExecuteCommandResult> RequestRewindAsync(IResourceWithConnectionString database, ExecuteCommandContext context)
    {
        try
        {
            var connectionString = await database.GetConnectionStringAsync(context.CancellationToken)
                ?? throw new InvalidOperationException("MongoDB has no connection string yet.");
            using var client = new MongoClient(connectionString);
            var db = client.GetDatabase(PipelineNames.Database);
            var now = DateTime.UtcNow;
            var request = new RewindRequest { Id = Guid.NewGuid().ToString("N"), ToTime = null, RequestedAt = now, By = Actor };
            await db.GetCollection<ProcessingControl>(PipelineNames.ControlCollection).UpdateOneAsync(
                c => c.Id == ProcessingControl.DocumentId,
                Builders<ProcessingControl>.Update.Set(c => c.Rewind, request),
                new UpdateOptions { IsUpsert = true }, context.CancellationToken);
            await db.GetCollection<OperatorAuditEntry>(PipelineNames.AuditCollection).InsertOneAsync(
                new OperatorAuditEntry { At = now, By = Actor, Action = "rewind to earliest", Detail = request.Id, Result = "requested" },
                cancellationToken: context.CancellationToken);
            return CommandResults.Success($"Rewind {request.Id} requested: each instance applies it within a second (its status says so).");
        }
        catch (Exception e) when (e is MongoException or TimeoutException or InvalidOperationException)
        {
            return CommandResults.Failure($"MongoDB did not take the request: {e.Message}");
        }
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
            await db.GetCollection<ProcessingControl>(PipelineNames.ControlCollection).UpdateOneAsync(
                c => c.Id == ProcessingControl.DocumentId,
                Builders<ProcessingControl>.Update.Set(c => c.Paused, paused).Set(c => c.ChangedAt, now).Set(c => c.ChangedBy, Actor),
                new UpdateOptions { IsUpsert = true }, context.CancellationToken);
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
