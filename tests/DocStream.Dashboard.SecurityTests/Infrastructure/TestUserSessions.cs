using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// Signs test users in and out with no page: the authorization endpoint signs in the user the request
/// names (login_hint, else <see cref="OpenIdTestUsers.NextUser"/>) or answers access_denied, the end-session
/// endpoint signs out at once, and userinfo describes the user the access token is for.
/// </summary>
internal static class TestUserSessions
{
    public const string RolesClaim = "roles";

    public static void Register(OpenIddictServerBuilder server, OpenIdTestUsers users)
    {
        server.AddEventHandler<HandleAuthorizationRequestContext>(handler => handler
            .UseInlineHandler(context => SignIn(context, users)));

        server.AddEventHandler<HandleEndSessionRequestContext>(handler => handler
            .UseInlineHandler(context =>
            {
                context.SignOut();
                return ValueTask.CompletedTask;
            }));

        server.AddEventHandler<HandleUserInfoRequestContext>(handler => handler
            .UseInlineHandler(context => DescribeUser(context, users)));
    }

    // Rejected while handling (after the redirect_uri was validated), access_denied goes back to the client.
    private static ValueTask SignIn(HandleAuthorizationRequestContext context, OpenIdTestUsers users)
    {
        var user = users.ForSignIn(context.Request.LoginHint);
        if (user is null)
        {
            context.Reject(Errors.AccessDenied, "The test provider has no such user.");
            return ValueTask.CompletedTask;
        }

        var identity = new ClaimsIdentity(authenticationType: nameof(OpenIdTestServer), nameType: Claims.Name, roleType: RolesClaim);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.Name)
            .SetClaims(RolesClaim, [.. user.Roles]);
        identity.SetScopes(context.Request.GetScopes());
        identity.SetDestinations(static _ => [Destinations.AccessToken, Destinations.IdentityToken]);

        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }

    private static ValueTask DescribeUser(HandleUserInfoRequestContext context, OpenIdTestUsers users)
    {
        if (users.Find(context.AccessTokenPrincipal?.GetClaim(Claims.Subject)) is { } user)
        {
            context.Claims[Claims.Name] = user.Name;
            context.Claims[RolesClaim] = JsonSerializer.SerializeToElement(user.Roles);
        }

        return ValueTask.CompletedTask;
    }
}
