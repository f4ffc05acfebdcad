using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Xunit;

namespace DocStream.KafkaEmulator.Tests;

/// <summary>The emulator as the AppHost runs it: a separate process on a given port.</summary>
public sealed class EmulatorProcessTests
{
    [Fact]
    public async Task Serves_producers_and_consumers_in_other_processes_on_the_given_port()
    {
        var port = FreePort();
        using var process = StartEmulator($"--port {port} --topic across:2");
        try
        {
            await WaitForLineAsync(process, "listening on");
            var bootstrap = $"127.0.0.1:{port}";
            using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true }).Build())
            {
                for (var i = 0; i < 500; i++)
                {
                    producer.Produce("across", new Message<Null, string> { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                }
                Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
            }
            using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "across",
                AutoOffsetReset = AutoOffsetReset.Earliest,
            }).Build();
            consumer.Subscribe("across");
            var count = 0;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (count < 500 && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is not null)
                {
                    count++;
                }
            }
            Assert.Equal(500, count);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Refuses_a_malformed_topic_option_with_a_message_and_exit_code_2()
    {
        using var process = StartEmulator("--topic nopartitions");
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("NAME:PARTITIONS", stderr);
    }

    private static Process StartEmulator(string arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DocStream.KafkaEmulator.dll");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Remove("KAFKA_EMULATOR_TOPICS");
        return Process.Start(info)!;
    }

    private static async Task WaitForLineAsync(Process process, string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }
        throw new InvalidOperationException($"The emulator exited before printing '{text}': {await process.StandardError.ReadToEndAsync()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
