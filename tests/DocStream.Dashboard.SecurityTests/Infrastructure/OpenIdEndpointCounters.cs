using Microsoft.Extensions.DependencyInjection;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// Counts the requests that reach the authorization, token and end-session endpoints, the rejected ones too:
/// each is counted as OpenIddict starts extracting it, before any check can stop it.
/// </summary>
internal sealed class OpenIdEndpointCounters
{
    private int _authorization;
    private int _token;
    private int _endSession;

    public int AuthorizationRequests => Volatile.Read(ref _authorization);

    public int TokenRequests => Volatile.Read(ref _token);

    public int EndSessionRequests => Volatile.Read(ref _endSession);

    public void Register(OpenIddictServerBuilder server)
    {
        server.AddEventHandler<ExtractAuthorizationRequestContext>(handler => handler
            .SetOrder(int.MinValue)
            .UseInlineHandler(_ => Count(ref _authorization)));
        server.AddEventHandler<ExtractTokenRequestContext>(handler => handler
            .SetOrder(int.MinValue)
            .UseInlineHandler(_ => Count(ref _token)));
        server.AddEventHandler<ExtractEndSessionRequestContext>(handler => handler
            .SetOrder(int.MinValue)
            .UseInlineHandler(_ => Count(ref _endSession)));
    }

    private static ValueTask Count(ref int counter)
    {
        Interlocked.Increment(ref counter);
        return ValueTask.CompletedTask;
    }
}
