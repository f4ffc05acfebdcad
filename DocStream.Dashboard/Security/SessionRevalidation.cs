using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Security;

/// <summary>
/// An open page keeps its circuit for hours without an HTTP request, so the cookie alone cannot end it: every
/// <see cref="SessionOptions.RevalidationInterval"/> the circuit checks its session and, once it is gone, turns
/// anonymous (the router then sends the page to sign-in).
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, DashboardSessions sessions, IOptions<SessionOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(sessions.IsAlive(authenticationState.User));
}

/// <summary>Counts what a user does on an open page (clicks, navigation, typing) as session activity.</summary>
internal sealed class SessionActivityCircuitHandler(AuthenticationStateProvider authentication, DashboardSessions sessions) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            sessions.Touch(state.User);
            await next(context);
        };
}
