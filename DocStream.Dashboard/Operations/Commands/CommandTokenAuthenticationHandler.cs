using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DocStream.Dashboard.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Operations.Commands;

/// <summary>
/// Authenticates the Aspire dashboard's commands: <c>Authorization: Bearer &lt;command token&gt;</c>, compared in
/// constant time, makes the caller the operator "Aspire dashboard" (whoever holds the Aspire dashboard's login already
/// controls every resource). Only the command routes use this scheme, so a browser's cookie never reaches them.
/// </summary>
public sealed class CommandTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<CommandTokenOptions> token)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DocStream.CommandToken";
    public const string Actor = "Aspire dashboard";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (token.Value.CommandToken is not { Length: > 0 } expected)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!CryptographicOperations.FixedTimeEquals(Hash(header["Bearer ".Length..].Trim()), Hash(expected)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong command token."));
        }
        var identity = new ClaimsIdentity(
            [new Claim(DashboardAuthentication.NameClaim, Actor), new Claim(DashboardAuthentication.RoleClaim, DashboardRoles.Operator)],
            SchemeName, DashboardAuthentication.NameClaim, DashboardAuthentication.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    // Equal lengths for the comparison, whatever was sent.
    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
