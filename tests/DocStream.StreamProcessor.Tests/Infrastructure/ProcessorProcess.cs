using System.Net;
using System.Text.RegularExpressions;

namespace DocStream.StreamProcessor.Tests.Infrastructure;

/// <summary>
/// The built stream processor (<c>DocStream.StreamProcessor.dll</c>) as a child process, configured the way
/// the AppHost does it: connection strings and <c>Processor__*</c> settings in the environment.
/// </summary>
internal sealed partial class ProcessorProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public string InstanceId { get; }

    private ProcessorProcess(ChildProcess process, Uri baseAddress, string instanceId)
    {
        Process = process;
        BaseAddress = baseAddress;
        InstanceId = instanceId;
    }

    /// <summary>Starts a processor and waits until its web host listens (the consumer starts with it).</summary>
    public static async Task<ProcessorProcess> StartAsync(string kafka, string mongo, ProcessorSettings settings, string instanceId)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = kafka,
            ["ConnectionStrings__docstreaming"] = mongo,
            ["Processor__Topic"] = settings.Topic,
            ["Processor__DeadLetterTopic"] = settings.DeadLetterTopic,
            ["Processor__GroupId"] = settings.GroupId,
            ["Processor__MaxBatchSize"] = settings.MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Processor__MaxBatchWaitMs"] = settings.MaxBatchWaitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Processor__InstanceId"] = instanceId,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings.Extra)
        {
            environment[key] = value;
        }
        var process = ChildProcess.Start($"processor {instanceId}", Paths.ProcessorDll, ["--urls", "http://127.0.0.1:0"], environment);
        try
        {
            var listening = await process.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(60));
            return new ProcessorProcess(process, new Uri(listening.Groups[1].Value), instanceId);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>GET /health: the status code and the body (Healthy, Degraded or Unhealthy with details).</summary>
    public async Task<(HttpStatusCode Status, string Body)> HealthAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(BaseAddress, "/health"));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, e.Message);
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}

/// <summary>What a test sets for one processor run.</summary>
internal sealed record ProcessorSettings(string Topic, string DeadLetterTopic, string GroupId)
{
    public int MaxBatchSize { get; init; } = 1000;
    public int MaxBatchWaitMs { get; init; } = 50;
    /// <summary>
    /// More environment. By default a killed instance's partitions move after 3 s instead of the processor's 10 s,
    /// which keeps the kill-and-restart tests short (the setting is the one an operator would use).
    /// </summary>
    public Dictionary<string, string> Extra { get; init; } = new()
    {
        ["Aspire__Confluent__Kafka__Consumer__Config__SessionTimeoutMs"] = "3000",
        ["Aspire__Confluent__Kafka__Consumer__Config__HeartbeatIntervalMs"] = "300",
    };
}
