using DocStream.AppHost.Hosting;
using DocStream.Contracts;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets: generated on first run (kept in user secrets), given by azd in deployments.
var apiKey = builder.AddParameter("ingest-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var mongoUser = builder.AddParameter("mongo-username", "docstream");
var mongoPassword = builder.AddParameter("mongo-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);

// Infrastructure: real containers where a runtime answers, our emulators where none does, or external services.
var (mode, reason) = InfrastructureModeSelector.Select(builder);
Console.WriteLine($"DocStream infrastructure: {mode} ({reason}).");

IResourceBuilder<IResourceWithConnectionString> kafka;
IResourceBuilder<IResourceWithConnectionString> database;
IResourceBuilder<IResource>[] infrastructure;
switch (mode)
{
    case InfrastructureMode.Containers:
        var kafkaServer = builder.AddKafka(PipelineNames.Kafka).WithDataVolume().WithKafkaUI();
        var mongoServer = builder.AddMongoDB(PipelineNames.MongoServer, userName: mongoUser, password: mongoPassword)
            .WithDataVolume().WithMongoExpress();
        kafka = kafkaServer;
        database = mongoServer.AddDatabase(PipelineNames.Database);
        infrastructure = [kafkaServer, mongoServer];
        break;

    case InfrastructureMode.Emulators:
        var kafkaEmulator = builder.AddKafkaEmulator(PipelineNames.Kafka,
            (PipelineNames.IngestTopic, PipelineNames.IngestTopicPartitions), (PipelineNames.DeadLetterTopic, 1));
        var dataDirectory = builder.Configuration["DocStream:EmulatorDataDirectory"]
            ?? Path.Combine(builder.AppHostDirectory, ".data", "mongo-emulator");
        var mongoEmulator = builder.AddMongoDBEmulator(PipelineNames.MongoServer, dataDirectory, mongoUser, mongoPassword);
        kafka = kafkaEmulator;
        database = mongoEmulator.AddDatabase(PipelineNames.Database);
        infrastructure = [kafkaEmulator, mongoEmulator];
        break;

    default:
        // e.g. ConnectionStrings:kafka = Event Hubs' Kafka endpoint; ConnectionStrings:docstreaming = Atlas / Cosmos DB.
        kafka = builder.AddConnectionString(PipelineNames.Kafka);
        database = builder.AddConnectionString(PipelineNames.Database);
        infrastructure = [];
        break;
}

// Services
var ingestApi = builder.AddProject<Projects.DocStream_IngestApi>("ingestapi")
    .WithReference(kafka)
    .WithEnvironment("Ingest__ApiKey", apiKey)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => { url.Url = "/scalar"; url.DisplayText = "API reference"; });

var processor = builder.AddProject<Projects.DocStream_StreamProcessor>("processor")
    .WithReference(kafka)
    .WithReference(database)
    .WithHttpHealthCheck("/health");
var replicas = builder.Configuration.GetValue("DocStream:ProcessorReplicas", 1);
if (replicas > 1)
{
    processor.WithReplicas(replicas);
}

// Apps
var dashboard = builder.AddProject<Projects.DocStream_Dashboard>("dashboard")
    .WithReference(database)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

// The replayer streams the data set through the API; start it from the Aspire dashboard when wanted.
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

builder.Build().Run();
