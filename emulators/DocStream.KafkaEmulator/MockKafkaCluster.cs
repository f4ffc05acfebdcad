using System.Runtime.InteropServices;

namespace DocStream.KafkaEmulator;

/// <summary>
/// An in-memory Kafka cluster speaking the real protocol (librdkafka's mock cluster). Memory only; per
/// partition it keeps at most about 5 MiB or 100,000 message sets and drops the oldest beyond that, so a
/// consumer far behind can find its offset gone: consumers must report such gaps.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int ProducerType = 0; // RD_KAFKA_PRODUCER
    private readonly int _brokers;
    private IntPtr _handle;
    private IntPtr _cluster;

    /// <summary>Address the mock brokers listen on, e.g. <c>127.0.0.1:41235</c>.</summary>
    public string BootstrapServers { get; }

    public MockKafkaCluster(int brokers = 1)
    {
        _brokers = brokers;
        var errstr = new byte[512];
        var conf = NativeMockCluster.rd_kafka_conf_new();
        // The hosting client itself never connects anywhere; keep it quiet.
        NativeMockCluster.rd_kafka_conf_set(conf, "log_level", "3", errstr, (UIntPtr)errstr.Length);
        _handle = NativeMockCluster.rd_kafka_new(ProducerType, conf, errstr, (UIntPtr)errstr.Length);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {NativeMockCluster.ErrorText(errstr)}");
        }
        _cluster = NativeMockCluster.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            NativeMockCluster.rd_kafka_destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }
        BootstrapServers = Marshal.PtrToStringUTF8(NativeMockCluster.rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap address.");
    }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        var err = NativeMockCluster.rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor);
        if (err != 0)
        {
            var reason = Marshal.PtrToStringUTF8(NativeMockCluster.rd_kafka_err2str(err));
            throw new InvalidOperationException($"Creating topic '{topic}' failed: {reason}");
        }
    }

    /// <summary>
    /// Every broker drops its connections and refuses new ones, keeping its logs and group state: a broker outage
    /// for tests, which a restart of the memory-only cluster cannot play (it would lose the data).
    /// </summary>
    public void SetBrokersDown(bool down)
    {
        for (var id = 1; id <= _brokers; id++)
        {
            var err = down ? NativeMockCluster.rd_kafka_mock_broker_set_down(_cluster, id) : NativeMockCluster.rd_kafka_mock_broker_set_up(_cluster, id);
            if (err != 0)
            {
                throw new InvalidOperationException($"Setting broker {id} {(down ? "down" : "up")} failed: {Marshal.PtrToStringUTF8(NativeMockCluster.rd_kafka_err2str(err))}");
            }
        }
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            NativeMockCluster.rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }
        if (_handle != IntPtr.Zero)
        {
            NativeMockCluster.rd_kafka_destroy(_handle);
            _handle = IntPtr.Zero;
        }
    }
}
