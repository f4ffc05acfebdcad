using System.Security.Claims;
using Confluent.Kafka;
using DocStream.Contracts;
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
/// The dashboard's re-drive service as the dashboard builds it (real producer, the dashboard's own policies, the
/// audit in MongoDB) over a test pipeline, with an operator and a viewer to call it as.
/// </summary>
internal sealed class RedriveConsole : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
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
        _services = new ServiceCollection().AddLogging().AddDashboardPolicies().Services.BuildServiceProvider();
        var options = Options.Create(new RedriveOptions { MaxRedrives = maxRedrives, MaxBulk = maxBulk });
        Service = new DeadLetterRedriveService(pipeline.Database, new KafkaRedriveProducer(_producer, options),
            _services.GetRequiredService<IAuthorizationService>(), new OperatorAudit(pipeline.Database, TimeProvider.System, NullLogger<OperatorAudit>.Instance),
            TimeProvider.System, options);
        Audit = pipeline.Database.GetCollection<OperatorAuditEntry>(PipelineNames.AuditCollection);
    }

    public DeadLetterRedriveService Service { get; }

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
        _services.Dispose();
    }
}
