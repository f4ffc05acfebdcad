using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DocStream.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DocStream.IngestApi.Tests.Infrastructure;

/// <summary>
/// The ingest API in-process (WebApplicationFactory) against its own Kafka emulator on a fixed port, with
/// a random API key. The emulator can be stopped and started again on the same port to play a broker outage.
/// </summary>
public class IngestApiHost : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;
    private WebApplicationFactory<Program>? _factory;

    public IngestApiHost() : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Extra configuration, e.g. <c>Ingest:RequestsPerSecondPerKey</c>.</param>
    protected IngestApiHost(IDictionary<string, string?> settings) => _settings = new Dictionary<string, string?>(settings);

    public const string Topic = PipelineNames.IngestTopic;

    public string ApiKey { get; } = "test-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public int KafkaPort { get; } = FreePort();

    public string BootstrapServers => $"127.0.0.1:{KafkaPort}";

    public KafkaEmulator.KafkaEmulator? Kafka { get; private set; }

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        StartKafka();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting($"ConnectionStrings:{PipelineNames.Kafka}", BootstrapServers);
            web.UseSetting("Ingest:ApiKey", ApiKey);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in _settings)
            {
                web.UseSetting(key, value);
            }
        });
        // Start the server (and the producer) now, so the first test does not pay for it.
        using var client = Factory.CreateClient();
        using var alive = await client.GetAsync("/alive");
        alive.EnsureSuccessStatusCode();
    }

    /// <summary>A client sending the right API key.</summary>
    public HttpClient CreateClient()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(PipelineNames.ApiKeyHeader, ApiKey);
        return client;
    }

    /// <summary>A client sending no API key.</summary>
    public HttpClient CreateAnonymousClient() => Factory.CreateClient();

    public KafkaTopicReader Reader() => new(BootstrapServers, Topic);

    /// <summary>Starts a (new, empty) emulator on <see cref="KafkaPort"/>.</summary>
    public void StartKafka()
    {
        if (Kafka is not null)
        {
            throw new InvalidOperationException("Kafka is already running.");
        }
        // The port was just freed by the previous emulator: retry briefly if the OS still holds it.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Kafka = KafkaEmulator.KafkaEmulator.Start(KafkaPort, [(Topic, PipelineNames.IngestTopicPartitions)]);
                return;
            }
            catch (SocketException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }

    public async Task StopKafkaAsync()
    {
        if (Kafka is { } kafka)
        {
            Kafka = null;
            await kafka.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await StopKafkaAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
