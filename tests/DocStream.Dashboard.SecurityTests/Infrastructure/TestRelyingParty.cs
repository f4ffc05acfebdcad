using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// A tiny web app signing in with Microsoft's OpenID Connect handler the way the dashboard will: a cookie
/// session, the code flow with PKCE and a client secret (sent as client_secret_post, the handler's only way),
/// claims named as in the id_token (MapInboundClaims off). <c>/protected</c> needs a signed-in user,
/// <c>/login?user=</c> signs in with a login_hint, <c>/logout</c> signs out of both schemes, and a failed
/// sign-in lands on <c>/signin-failed</c> showing the error.
/// </summary>
public sealed class TestRelyingParty : IAsyncDisposable
{
    public const string SessionCookie = "rp.session";
    private const string LoginHint = "login_hint";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;

    private TestRelyingParty(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri ProtectedPage => new(BaseUri, "protected");

    public Uri TokensPage => new(BaseUri, "tokens");

    public Uri LogoutPage => new(BaseUri, "logout");

    public Uri SignedOutPage => new(BaseUri, "signed-out");

    public Uri SignInFailedPage => new(BaseUri, "signin-failed");

    public Uri LoginPage(string user) => new(BaseUri, $"login?user={Uri.EscapeDataString(user)}");

    /// <summary>The redirect URIs Microsoft's handler uses under <paramref name="baseUri"/>, for registering the client.</summary>
    public static OpenIdTestClient ClientFor(Uri baseUri, string clientId, string clientSecret) =>
        new(clientId, clientSecret, [new Uri(baseUri, "signin-oidc")], [new Uri(baseUri, "signout-callback-oidc")]);

    public static async Task<TestRelyingParty> StartAsync(
        Uri baseUri, Uri authority, string clientId, string clientSecret, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, baseUri.Port));
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options => options.Cookie.Name = SessionCookie)
            .AddOpenIdConnect(options =>
            {
                options.Authority = authority.AbsoluteUri;
                options.RequireHttpsMetadata = false;
                options.ClientId = clientId;
                options.ClientSecret = clientSecret;
                options.ResponseType = "code";
                options.MapInboundClaims = false;
                options.SaveTokens = true;
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = TestUserSessions.RolesClaim;
                // Their default is Secure, which a browser never sends back over plain HTTP.
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.LoginHint = context.Properties.GetParameter<string>(LoginHint);
                    return Task.CompletedTask;
                };
                options.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect($"/signin-failed?error={Uri.EscapeDataString(context.Failure?.Message ?? "unknown")}");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        MapPages(app);
        await app.StartAsync(cancellationToken);
        return new TestRelyingParty(app, baseUri);
    }

    private static void MapPages(WebApplication app)
    {
        app.MapGet("/protected", (ClaimsPrincipal user) =>
                new SignedInUser(user.Identity?.Name, user.FindAll(TestUserSessions.RolesClaim).Select(claim => claim.Value).ToList()))
            .RequireAuthorization();
        // Written by hand: a lambda taking only HttpContext binds as a RequestDelegate, whose result is dropped.
        app.MapGet("/tokens", async (HttpContext context) => await context.Response.WriteAsJsonAsync(new Dictionary<string, string?>
            {
                ["id_token"] = await context.GetTokenAsync("id_token"),
                ["access_token"] = await context.GetTokenAsync("access_token"),
            }))
            .RequireAuthorization();
        app.MapGet("/login", (string user) =>
        {
            var properties = new AuthenticationProperties { RedirectUri = "/protected" };
            properties.SetParameter(LoginHint, user);
            return Results.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
        });
        app.MapGet("/logout", () => Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/signed-out" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapGet("/signed-out", () => "signed out");
        app.MapGet("/signin-failed", (string? error) => Results.Text($"sign-in failed: {error}", statusCode: StatusCodes.Status401Unauthorized));
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(stopping.Token);
        }

        await _app.DisposeAsync();
    }
}
