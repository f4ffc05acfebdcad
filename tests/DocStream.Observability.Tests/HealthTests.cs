using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DocStream.Observability.Tests;

[Trait("Category", "Observability")]
public sealed class HealthTests(PipelineHost host) : IClassFixture<PipelineHost>
{
    [Fact]
    public async Task Health_turns_unhealthy_when_the_kafka_emulator_stops_and_healthy_when_it_returns()
    {
        using var http = new HttpClient { BaseAddress = ProcessorAddress() };
        Assert.Equal("Healthy", await StatusAsync(http));

        await host.StopKafkaAsync();
        var down = await WaitForStatusAsync(http, s => s != "Healthy");
        Assert.Equal("Unhealthy", down.Status);
        // Production and anonymous: which check failed and why (the broker's address) is not told.
        Assert.Null(down.Failing);
        // /alive only says the process answers: it stays 200.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);

        host.StartKafkaAgain();
        var up = await WaitForStatusAsync(http, s => s == "Healthy");
        Assert.Equal("Healthy", up.Status);
    }

    private Uri ProcessorAddress()
    {
        var addresses = host.Processor.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    private static async Task<string> StatusAsync(HttpClient http) => (await ReadAsync(http)).Status;

    private static async Task<(string Status, List<string>? Failing)> ReadAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var failing = json.RootElement.TryGetProperty("checks", out var checks)
            ? checks.EnumerateObject().Where(c => c.Value.GetProperty("status").GetString() != "Healthy").Select(c => c.Name).ToList()
            : null;
        return (json.RootElement.GetProperty("status").GetString()!, failing);
    }

    private static async Task<(string Status, List<string>? Failing)> WaitForStatusAsync(HttpClient http, Func<string, bool> wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        (string Status, List<string>? Failing) last;
        do
        {
            last = await ReadAsync(http);
            if (wanted(last.Status))
            {
                return last;
            }
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        return last;
    }
}
