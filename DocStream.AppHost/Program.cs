using DocStream.AppHost.Hosting;
using DocStream.Contracts;
using DocStream.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: real containers where a runtime answers (and always when publishing), our emulators where none
// does, or external services. Settings are validated before anything is declared.
var (mode, reason) = InfrastructureModeSelector.Select(builder);
var settings = DeploymentSettings.From(builder.Configuration);
Console.WriteLine($"DocStream infrastructure: {mode} ({reason}).");

// Secrets: generated on first run (kept in user secrets), generated and stored by azd in deployments
// (the manifest carries only references to them, never a value).
var apiKey = builder.AddParameter("ingest-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

IResourceBuilder<IResourceWithConnectionString> kafka;
IResourceBuilder<IResourceWithConnectionString> database;
IResourceBuilder<IResource>[] infrastructure;
switch (mode)
{
    case InfrastructureMode.Containers:
    {
        var (mongoUser, mongoPassword) = MongoCredentials(builder);
        // The volumes keep the names they had before the integrations were aligned with the official ones
        // (docs/official-integrations.md: volume names), so existing data stays where it is.
        var kafkaServer = builder.AddKafka(PipelineNames.Kafka)
            .WithDataVolume(DocStreamVolumeNames.Data(PipelineNames.Kafka))
            .WithAutoCreateTopicsDisabled()
            .WithKafkaUI();
        var mongoServer = builder.AddMongoDB(PipelineNames.MongoServer, userName: mongoUser, password: mongoPassword)
            .WithDataVolume(DocStreamVolumeNames.Data(PipelineNames.MongoServer))
            .WithMongoExpress(containerName: $"{PipelineNames.MongoServer}-express");
        kafka = kafkaServer;
        database = mongoServer.AddDatabaseWithWriteConcern(PipelineNames.Database, settings.MongoWriteConcern);
        infrastructure = [kafkaServer, mongoServer];
        break;
    }

    case InfrastructureMode.Emulators:
    {
        var (mongoUser, mongoPassword) = MongoCredentials(builder);
        var kafkaEmulator = builder.AddKafkaEmulator(PipelineNames.Kafka,
            (PipelineNames.IngestTopic, PipelineNames.IngestTopicPartitions), (PipelineNames.DeadLetterTopic, 1));
        var dataDirectory = builder.Configuration["DocStream:EmulatorDataDirectory"]
            ?? Path.Combine(builder.AppHostDirectory, ".data", "mongo-emulator");
        var mongoEmulator = builder.AddMongoDBEmulator(PipelineNames.MongoServer, dataDirectory, mongoUser, mongoPassword)
            .WithMongoExpress();
        kafka = kafkaEmulator;
        database = mongoEmulator.AddDatabase(PipelineNames.Database);
        infrastructure = [kafkaEmulator, mongoEmulator];
        break;
    }

    default:
        // Secret parameters holding whole connection strings (ConnectionStrings:kafka, ConnectionStrings:docstreaming):
        // Event Hubs' Kafka endpoint or Confluent Cloud; MongoDB Atlas or Cosmos DB for MongoDB vCore. See docs/deploy.md.
        kafka = builder.AddConnectionString(PipelineNames.Kafka);
        database = builder.AddConnectionString(PipelineNames.Database);
        infrastructure = [];
        break;
}

// Services
var ingestApi = builder.AddProject<Projects.DocStream_IngestApi>("ingestapi")
    .WithReference(kafka)
    .WithReference(database) // read only, for GET /api/v1/documents/{id}
    .WithEnvironment("Ingest__ApiKey", apiKey)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => { url.Url = "/scalar"; url.DisplayText = "API reference"; });

var processor = builder.AddProject<Projects.DocStream_StreamProcessor>("processor")
    .WithReference(kafka)
    .WithReference(database)
    .WithHttpHealthCheck("/health")
    .WithProcessingCommands(database, kafka);

if (mode != InfrastructureMode.Emulators)
{
    // Real Kafka keeps its log by time (7 days by default), not the emulator's ~5 MiB per partition: shed only a true backlog.
    ingestApi.WithEnvironment("Ingest__Admission__MaxLagPerPartition", "1000000");
}

// Replicas of the local run. A deployment's scale is set on the container apps (docs/deploy.md): the manifest
// format has no replica count.
if (settings.IngestApiReplicas > 1)
{
    ingestApi.WithReplicas(settings.IngestApiReplicas);
}
if (settings.ProcessorReplicas > 1)
{
    processor.WithReplicas(settings.ProcessorReplicas);
}

// Apps
// Kafka for the dead-letter console's re-drive (operators produce corrected documents to the ingest topic).
var dashboard = builder.AddProject<Projects.DocStream_Dashboard>("dashboard")
    .WithReference(database)
    .WithReference(kafka)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithTraceLinks(builder)
    .WithDashboardCommands(builder);
var signIn = DashboardSignIn.Configure(builder, dashboard);

if (mode == InfrastructureMode.External)
{
    // SASL and other client settings of a managed Kafka (DocStream:Kafka:Config:*, password as a secret parameter).
    ExternalKafkaClientConfig.Apply(builder, ingestApi, processor, dashboard);
}

// The replayer streams the data set through the API; start it from the Aspire dashboard when wanted. Never deployed.
var replayer = builder.AddProject<Projects.DocStream_Replayer>("replayer")
    .WithReference(ingestApi)
    .WithEnvironment("DOCSTREAM_API_KEY", apiKey)
    .WithArgs("--quiet")
    .WaitFor(ingestApi)
    .WithExplicitStart()
    .ExcludeFromManifest();
if (builder.Configuration["DocStream:ReplayFile"] is { Length: > 0 } replayFile)
{
    replayer.WithEnvironment("REPLAY_FILE", replayFile);
}

foreach (var resource in infrastructure)
{
    ingestApi.WaitFor(resource);
    processor.WaitFor(resource);
    dashboard.WaitFor(resource);
}

var app = builder.Build();
Console.WriteLine(signIn);
app.Run();

// MongoDB's credentials: a user name with a published default (not a secret) and a generated secret password.
static (IResourceBuilder<ParameterResource> User, IResourceBuilder<ParameterResource> Password) MongoCredentials(IDistributedApplicationBuilder builder) =>
    (builder.AddParameter("mongo-username", "docstream", publishValueAsDefault: true),
     builder.AddParameter("mongo-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true));
