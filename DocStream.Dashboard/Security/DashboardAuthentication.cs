using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Security;

/// <summary>
/// Sign-in for the dashboard: an auth cookie issued after an access key or an OpenID Connect sign-in, the two role
/// policies, and a fallback policy so that anything not explicitly anonymous (pages, the Blazor hub, data
/// endpoints) needs a viewer.
/// </summary>
public static class DashboardAuthentication
{
    public const string CookieName = "DocStream.Auth";

    /// <summary>The claim type of DocStream's own roles, distinct from any <c>role</c> claim a provider sends.</summary>
    public const string RoleClaim = "docstream_role";

    /// <summary>How the principal signed in: <c>access-key</c> or <c>oidc</c> (sign-out differs).</summary>
    public const string MethodClaim = "docstream_method";

    public const string NameClaim = "name";

    public const string SignInRateLimitPolicy = "DocStream.SignIn";

    public const string SignInPath = "/signin";

    /// <summary>
    /// The viewer and operator policies, the viewer one also as the fallback (deny by default). Public so the services'
    /// tests check operators with the very policies the dashboard uses.
    /// </summary>
    public static AuthorizationBuilder AddDashboardPolicies(this IServiceCollection services)
    {
        var viewer = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser().RequireRole(DashboardRoles.Viewer, DashboardRoles.Operator).Build();
        return services.AddAuthorizationBuilder()
            .AddPolicy(DashboardRoles.ViewerPolicy, viewer)
            .AddPolicy(DashboardRoles.OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(DashboardRoles.Operator))
            .SetFallbackPolicy(viewer);
    }

    public static WebApplicationBuilder AddDashboardAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessKeyOptions>().BindConfiguration(AccessKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section);
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OpenIdConnectSignInOptions>().BindConfiguration(OpenIdConnectSignInOptions.Section);

        var accessKeys = builder.Configuration.GetSection(AccessKeyOptions.Section).Get<AccessKeyOptions>() ?? new();
        var oidc = builder.Configuration.GetSection(OpenIdConnectSignInOptions.Section).Get<OpenIdConnectSignInOptions>() ?? new();
        if (!accessKeys.Any && !oidc.Enabled)
        {
            throw new InvalidOperationException(
                "The dashboard has no way to sign in: set Dashboard:AccessKeys:Operator (and Viewer), or Authentication:OpenIdConnect:Authority, ClientId and ClientSecret. The AppHost sets them.");
        }
        if (oidc.Enabled && (string.IsNullOrWhiteSpace(oidc.ClientId) || string.IsNullOrWhiteSpace(oidc.ClientSecret)))
        {
            throw new InvalidOperationException("Authentication:OpenIdConnect:Authority is set: set Authentication:OpenIdConnect:ClientId and ClientSecret too.");
        }

        services.AddSingleton<AccessKeyVerifier>();
        services.AddSingleton<DashboardSessions>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        services.AddScoped<CircuitHandler, SessionActivityCircuitHandler>();

        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SessionOptions>>((cookie, session) => ConfigureCookie(cookie, session.Value));
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(options => ConfigureOpenIdConnect(options, oidc));
        }

        services.AddDashboardPolicies();

        services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignInRateLimitPolicy, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<SignInLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.AttemptsPerWindow, Window = limit.Window, QueueLimit = 0 });
            });
            options.OnRejected = (context, cancellationToken) => SignInResponses.TooManyAttemptsAsync(context, cancellationToken);
        });
        return builder;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, SessionOptions session)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        // Secure whenever the request is HTTPS (behind Container Apps' ingress via the forwarded headers).
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = SignInPath;
        cookie.AccessDeniedPath = "/access-denied";
        cookie.LogoutPath = "/account/signout";
        cookie.ReturnUrlParameter = "returnUrl";
        // The ticket's own limit is the absolute one; idleness is judged by the session list, which also sees circuit activity.
        cookie.ExpireTimeSpan = session.MaxLifetime;
        cookie.SlidingExpiration = false;
        cookie.Events = new CookieAuthenticationEvents
        {
            OnSigningIn = context =>
            {
                var sessions = context.HttpContext.RequestServices.GetRequiredService<DashboardSessions>();
                ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim(DashboardSessions.SessionClaim, sessions.Start()));
                return Task.CompletedTask;
            },
            OnValidatePrincipal = async context =>
            {
                if (!context.HttpContext.RequestServices.GetRequiredService<DashboardSessions>().Touch(context.Principal))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            },
            OnRedirectToLogin = SignInResponses.ChallengeAsync,
            OnRedirectToAccessDenied = SignInResponses.ForbidAsync,
        };
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions options, OpenIdConnectSignInOptions settings)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        options.ResponseType = "code";
        options.UsePkce = true;
        options.MapInboundClaims = false;
        options.SaveTokens = false;
        options.Scope.Clear();
        foreach (var scope in settings.RequestedScopes)
        {
            options.Scope.Add(scope);
        }
        // Secure on HTTPS (deployments); a local run on plain HTTP must still get them back on the callback.
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.TokenValidationParameters.NameClaimType = NameClaim;
        options.TokenValidationParameters.RoleClaimType = RoleClaim;
        options.Events.OnTokenValidated = context =>
        {
            var identity = (ClaimsIdentity)context.Principal!.Identity!;
            foreach (var role in RolesFromClaims(identity.FindAll(settings.RoleClaim).Select(c => c.Value), settings))
            {
                identity.AddClaim(new Claim(RoleClaim, role));
            }
            identity.AddClaim(new Claim(MethodClaim, "oidc"));
            if (identity.FindFirst(NameClaim) is null && identity.FindFirst("preferred_username") is { } username)
            {
                identity.AddClaim(new Claim(NameClaim, username.Value));
            }
            return Task.CompletedTask;
        };
        // A refused or failed sign-in at the provider lands on the sign-in page with the reason, not on an exception page.
        options.Events.OnRemoteFailure = context =>
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardAuthentication));
            logger.LogWarning("OpenID Connect sign-in failed: {Reason}", context.Failure?.Message);
            context.Response.Redirect($"{SignInPath}?error=provider");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>DocStream's roles for the values of the provider's role claim.</summary>
    public static IEnumerable<string> RolesFromClaims(IEnumerable<string> values, OpenIdConnectSignInOptions settings)
    {
        var set = values.ToHashSet(StringComparer.Ordinal);
        if (settings.OperatorRoleValues.Any(set.Contains))
        {
            yield return DashboardRoles.Operator;
        }
        if (settings.ViewerRoleValues.Any(set.Contains))
        {
            yield return DashboardRoles.Viewer;
        }
    }
}
