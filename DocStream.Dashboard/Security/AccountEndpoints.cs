using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Security;

/// <summary>
/// <c>/account/*</c>: the access-key sign-in form's target (rate limited, antiforgery checked), the OpenID
/// Connect challenge, and sign-out (POST with an antiforgery token, so no other site can sign a user out).
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapPost("/signin", SignInWithAccessKeyAsync).RequireRateLimiting(DashboardAuthentication.SignInRateLimitPolicy);
        account.MapGet("/signin/oidc", ChallengeOpenIdConnect);
        account.MapPost("/signout", SignOutAsync);
        return app;
    }

    private static async Task<IResult> SignInWithAccessKeyAsync(
        [FromForm(Name = "key")] string? key, [FromForm(Name = "returnUrl")] string? returnUrl,
        HttpContext http, AccessKeyVerifier verifier, ILoggerFactory loggers)
    {
        var target = LocalOrHome(returnUrl);
        var role = verifier.Enabled ? verifier.RoleOf(key) : null;
        if (role is null)
        {
            // Never the key itself: only that an attempt failed and from where (for the operator watching the logs).
            loggers.CreateLogger(typeof(AccountEndpoints)).LogWarning("Access-key sign-in refused for {Address}", http.Connection.RemoteIpAddress);
            return Results.Redirect($"{DashboardAuthentication.SignInPath}?error=key&returnUrl={Uri.EscapeDataString(target)}");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(DashboardAuthentication.NameClaim, role == DashboardRoles.Operator ? "Operator (access key)" : "Viewer (access key)"),
                new Claim(DashboardAuthentication.RoleClaim, role),
                new Claim(DashboardAuthentication.MethodClaim, "access-key"),
            ],
            authenticationType: "AccessKey", nameType: DashboardAuthentication.NameClaim, roleType: DashboardAuthentication.RoleClaim);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(target);
    }

    private static IResult ChallengeOpenIdConnect(string? returnUrl, IOptions<OpenIdConnectSignInOptions> oidc) =>
        oidc.Value.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
            : Results.NotFound();

    private static async Task<IResult> SignOutAsync(HttpContext http, DashboardSessions sessions, IAntiforgery antiforgery)
    {
        // No form field is bound here, so the framework would not check the token by itself.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused",
                detail: "The request carried no valid antiforgery token: sign out with the button of a DocStream page.");
        }
        sessions.End(http.User);
        var signedOut = new AuthenticationProperties { RedirectUri = $"{DashboardAuthentication.SignInPath}?signedOut=true" };
        return http.User.FindFirst(DashboardAuthentication.MethodClaim)?.Value == "oidc"
            ? Results.SignOut(signedOut, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme])
            : Results.SignOut(signedOut, [CookieAuthenticationDefaults.AuthenticationScheme]);
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative URL would make sign-in an open redirect.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Contains("://", StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : "/";
}
