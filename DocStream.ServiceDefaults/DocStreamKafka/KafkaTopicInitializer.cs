using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>
/// Creates the pipeline's topics at start when they are missing (a real broker would otherwise auto-create
/// them with one partition). Already existing topics are left as they are. The emulator creates its
/// topics itself and has no controller, so a timeout here is logged, not fatal.
/// </summary>
public sealed class KafkaTopicInitializer(AdminClientConfig config, IReadOnlyList<TopicSpecification> topics, ILogger<KafkaTopicInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { })
            .Build();
        try
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            var missing = topics.Where(t => metadata.Topics.All(m => m.Topic != t.Name || m.Error.IsError)).ToList();
            if (missing.Count == 0)
            {
                return;
            }
            await admin.CreateTopicsAsync(missing, new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(5), OperationTimeout = TimeSpan.FromSeconds(5) });
            logger.LogInformation("Created Kafka topics {Topics}", string.Join(", ", missing.Select(t => $"{t.Name}[{t.NumPartitions}]")));
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another instance created them first.
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Could not check or create Kafka topics ({Reason}); relying on the broker's own.", e.Error.Reason);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
