using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// Writes <c>roles</c> as a JSON array in every token, even with one role, as Entra ID does. OpenIddict keeps
/// a role per claim and, like any JWT writer, turns a lone claim into a plain string; a value in the token
/// descriptor's own claims wins over the principal's.
/// </summary>
internal static class RolesAlwaysAnArray
{
    public static void Register(OpenIddictServerBuilder server) =>
        server.AddEventHandler<GenerateTokenContext>(handler => handler
            .SetOrder(OpenIddictServerHandlers.Protection.GenerateIdentityModelToken.Descriptor.Order - 1)
            .UseInlineHandler(context =>
            {
                var roles = context.Principal.GetClaims(TestUserSessions.RolesClaim);
                if (!roles.IsDefaultOrEmpty)
                {
                    context.SecurityTokenDescriptor.Claims ??= new Dictionary<string, object>(StringComparer.Ordinal);
                    context.SecurityTokenDescriptor.Claims[TestUserSessions.RolesClaim] = roles.ToArray();
                }

                return ValueTask.CompletedTask;
            }));
}
