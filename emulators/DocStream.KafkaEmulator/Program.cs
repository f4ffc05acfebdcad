using System.Globalization;
using DocStream.KafkaEmulator;

// Development stand-in for Kafka (no container engine here): librdkafka's mock cluster on a TCP port.
// Usage: DocStream.KafkaEmulator [--port N] [--topic name:partitions]...
const string Usage = """
    DocStream Kafka emulator — a DEVELOPMENT STAND-IN, not Kafka. Hosts librdkafka's in-memory mock
    cluster, which speaks the real Kafka protocol. Memory only: data is gone when it stops, and each
    partition keeps at most ~5 MiB / 100,000 message sets (older ones are dropped).

    Options:
      --port N                 port to listen on (default: env PORT, else 9092; 0 = any free port)
      --topic NAME:PARTITIONS  create a topic at start (repeatable; default: env KAFKA_EMULATOR_TOPICS,
                               a comma-separated list of NAME:PARTITIONS)
      --help                   this text
    """;

var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), CultureInfo.InvariantCulture, out var envPort) ? envPort : 9092;
var topics = new List<(string, int)>();
var topicSpecs = (Environment.GetEnvironmentVariable("KAFKA_EMULATOR_TOPICS") ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
var cliTopics = new List<string>();

for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535:
            port = p;
            i++;
            break;
        case "--topic" when i + 1 < args.Length:
            cliTopics.Add(args[++i]);
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.\n\n{Usage}");
            return 2;
    }
}
if (cliTopics.Count > 0)
{
    topicSpecs = cliTopics;
}
foreach (var spec in topicSpecs)
{
    var parts = spec.Split(':');
    if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) || n < 1)
    {
        Console.Error.WriteLine($"Bad topic '{spec}': expected NAME:PARTITIONS, e.g. ingestion-topic:12.");
        return 2;
    }
    topics.Add((parts[0], n));
}

KafkaEmulator emulator;
try
{
    emulator = KafkaEmulator.Start(port, topics);
}
catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or DllNotFoundException)
{
    Console.Error.WriteLine($"Kafka emulator could not start: {e.Message}");
    return 1;
}

await using (emulator)
{
    Console.WriteLine($"Kafka emulator (development stand-in) listening on {emulator.BootstrapServers}; broker at {emulator.BrokerAddress}; topics: "
        + (topics.Count == 0 ? "(auto-created)" : string.Join(", ", topics.Select(t => $"{t.Item1}[{t.Item2}]"))));
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
    await stop.Task;
    Console.WriteLine("Kafka emulator stopping.");
}
return 0;
