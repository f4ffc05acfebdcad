using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace DocStream.Replayer.Tests;

/// <summary>The host: the ingest client keeps the service defaults but not the standard resilience handler.</summary>
public sealed class ReplayHostTests
{
    [Fact]
    public void The_ingest_client_has_no_resilience_handler_and_a_30_second_timeout()
    {
        using var host = ReplayHost.Build();

        var handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(ReplayHost.IngestClientName);
        var chain = new List<string>();
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            chain.Add(current.GetType().FullName!);
        }
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ReplayHost.IngestClientName);

        Assert.NotEmpty(chain);
        Assert.DoesNotContain(chain, name => name.Contains("Resilience", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(30), client.Timeout);
    }

    [Fact]
    public void Other_clients_still_get_the_standard_resilience_handler_of_the_service_defaults()
    {
        using var host = ReplayHost.Build();

        var handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("some-other-client");
        var chain = new List<string>();
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            chain.Add(current.GetType().FullName!);
        }

        Assert.Contains(chain, name => name.Contains("Resilience", StringComparison.Ordinal));
    }
}
