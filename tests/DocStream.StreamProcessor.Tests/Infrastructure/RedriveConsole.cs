using System.Security.Claims;
using Confluent.Kafka;
using DocStream.Contracts;
using DocStream.Dashboard.Kafka;
using DocStream.Dashboard.Operations;
using DocStream.Dashboard.Operations.Redrive;
using DocStream.Dashboard.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>
/// The dashboard's re-drive and rewind services as the dashboard builds them (real producer, the dashboard's own policies, the
/// audit in MongoDB) over a test pipeline, with an operator and a viewer to call it as.
/// </summary>
internal sealed class RedriveConsole : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly IConsumer<string?, byte[]> _browserConsumer;
    private readonly KafkaTopicBrowser _browser;
    private readonly ServiceProvider _services;

    public RedriveConsole(TestPipeline pipeline, int maxRedrives = 3, int maxBulk = 10_000)
    {
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = pipeline.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        _browserConsumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = pipeline.BootstrapServers, GroupId = "rewind-console", EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        _browser = new KafkaTopicBrowser(_browserConsumer, pipeline.GroupId);
        _services = new ServiceCollection().AddLogging().AddDashboardPolicies().Services.BuildServiceProvider();
        var options = Options.Create(new RedriveOptions { MaxRedrives = maxRedrives, MaxBulk = maxBulk });
        var audit = new OperatorAudit(pipeline.Database, TimeProvider.System, NullLogger<OperatorAudit>.Instance);
        var authorization = _services.GetRequiredService<IAuthorizationService>();
        Service = new DeadLetterRedriveService(pipeline.Database, new KafkaRedriveProducer(_producer, options),
            authorization, audit, TimeProvider.System, options);
        Rewind = new RewindControlService(pipeline.Database, authorization, audit, TimeProvider.System, _browser);
        Audit = pipeline.Database.GetCollection<OperatorAuditEntry>(PipelineNames.AuditCollection);
    }

    public DeadLetterRedriveService Service { get; }

    /// <summary>The dashboard's rewind control (dry run and request) on the same connections.</summary>
    public RewindControlService Rewind { get; }

    public IMongoCollection<OperatorAuditEntry> Audit { get; }

    public static ClaimsPrincipal Operator { get; } = Principal("ops-alice", DashboardRoles.Operator);

    public static ClaimsPrincipal Viewer { get; } = Principal("viewer-bob", DashboardRoles.Viewer);

    public async Task<List<OperatorAuditEntry>> AuditEntriesAsync() =>
        await Audit.Find(FilterDefinition<OperatorAuditEntry>.Empty).SortBy(e => e.At).ToListAsync();

    /// <summary>The <c>redrive</c> marks of a dead letter, or null.</summary>
    public static BsonDocument? Marks(BsonDocument letter) =>
        letter.TryGetValue(DeadLetterRedriveFields.Field, out var marks) ? marks.AsBsonDocument : null;

    private static ClaimsPrincipal Principal(string name, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test", ClaimTypes.Name, ClaimTypes.Role));

    public void Dispose()
    {
        _producer.Dispose();
        _browser.Dispose();
        _browserConsumer.Dispose();
        _services.Dispose();
    }
}
