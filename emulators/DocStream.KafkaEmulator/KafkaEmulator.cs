namespace DocStream.KafkaEmulator;

/// <summary>A mock cluster plus its forwarder on a chosen port, with the topics created up front.</summary>
public sealed class KafkaEmulator : IAsyncDisposable
{
    private readonly MockKafkaCluster _cluster;
    private readonly BootstrapForwarder _forwarder;

    /// <summary>What clients put in <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers => $"127.0.0.1:{_forwarder.Port}";

    /// <summary>The mock broker's own address (advertised in metadata).</summary>
    public string BrokerAddress => _cluster.BootstrapServers;

    public int Port => _forwarder.Port;

    private KafkaEmulator(MockKafkaCluster cluster, BootstrapForwarder forwarder)
    {
        _cluster = cluster;
        _forwarder = forwarder;
    }

    /// <param name="port">Port to listen on; 0 picks a free one.</param>
    /// <param name="topics">Topics to create, with their partition counts.</param>
    public static KafkaEmulator Start(int port, IEnumerable<(string Name, int Partitions)> topics)
    {
        var cluster = new MockKafkaCluster();
        try
        {
            foreach (var (name, partitions) in topics)
            {
                cluster.CreateTopic(name, partitions);
            }
            var forwarder = new BootstrapForwarder(port, BootstrapForwarder.ParseEndpoint(cluster.BootstrapServers.Split(',')[0]));
            return new KafkaEmulator(cluster, forwarder);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Takes the broker down (connections dropped and refused) or brings it back, data kept.</summary>
    public void SetBrokerDown(bool down) => _cluster.SetBrokersDown(down);

    public async ValueTask DisposeAsync()
    {
        await _forwarder.DisposeAsync();
        _cluster.Dispose();
    }
}
