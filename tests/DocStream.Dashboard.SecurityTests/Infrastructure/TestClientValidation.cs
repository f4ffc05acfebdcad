using System.Security.Cryptography;
using System.Text;
using OpenIddict.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// The client checks OpenIddict leaves to the application in degraded mode. With no application store
/// nothing checks client_id, client_secret, redirect_uri or post_logout_redirect_uri (OpenIddict refuses to
/// start until handlers for these events exist), so these hold every request to the one registered client.
/// </summary>
internal static class TestClientValidation
{
    public static void Register(OpenIddictServerBuilder server, OpenIdTestClient client)
    {
        server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler
            .UseInlineHandler(context => Authorization(context, client)));

        server.AddEventHandler<ValidateTokenRequestContext>(handler => handler
            // Before the code is checked: bad credentials are told as invalid_client whatever the code.
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order - 1)
            .UseInlineHandler(context => Token(context, client)));

        server.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler
            .UseInlineHandler(context => EndSession(context, client)));
    }

    // Rejected here, before the redirect_uri is trusted, the error is shown by the provider, not sent to it.
    private static ValueTask Authorization(ValidateAuthorizationRequestContext context, OpenIdTestClient client)
    {
        if (context.ClientId != client.ClientId)
        {
            context.Reject(Errors.InvalidClient, "The specified 'client_id' is not registered.");
        }
        else if (!client.HasRedirectUri(context.RedirectUri))
        {
            context.Reject(Errors.InvalidRequest, "The specified 'redirect_uri' is not registered for this client.");
        }

        return ValueTask.CompletedTask;
    }

    // OpenIddict has already moved client_secret_basic credentials from the header into ClientId/ClientSecret.
    private static ValueTask Token(ValidateTokenRequestContext context, OpenIdTestClient client)
    {
        if (context.ClientId != client.ClientId || !SameSecret(context.ClientSecret, client.ClientSecret))
        {
            context.Reject(Errors.InvalidClient, "The client credentials are invalid.");
        }

        return ValueTask.CompletedTask;
    }

    private static ValueTask EndSession(ValidateEndSessionRequestContext context, OpenIdTestClient client)
    {
        if (context.ClientId is not null && context.ClientId != client.ClientId)
        {
            context.Reject(Errors.InvalidClient, "The specified 'client_id' is not registered.");
        }
        else if (context.PostLogoutRedirectUri is not null && !client.HasPostLogoutRedirectUri(context.PostLogoutRedirectUri))
        {
            context.Reject(Errors.InvalidRequest, "The specified 'post_logout_redirect_uri' is not registered for this client.");
        }
        // Without a store OpenIddict only ties the hint to a client_id the request names; the RP may name none.
        else if (context.IdentityTokenHintPrincipal is { } hint && !hint.HasAudience(client.ClientId))
        {
            context.Reject(Errors.InvalidRequest, "The specified 'id_token_hint' was not issued to this client.");
        }

        return ValueTask.CompletedTask;
    }

    private static bool SameSecret(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
