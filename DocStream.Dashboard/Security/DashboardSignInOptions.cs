using System.ComponentModel.DataAnnotations;

namespace DocStream.Dashboard.Security;

/// <summary>
/// <c>Dashboard:AccessKeys</c>: one key per role, for runs without an identity provider (the AppHost generates both).
/// A key shorter than 16 characters is refused at start-up: the rate limit slows guessing, the length makes it hopeless.
/// </summary>
public sealed class AccessKeyOptions
{
    public const string Section = "Dashboard:AccessKeys";

    [MinLength(16, ErrorMessage = "Dashboard:AccessKeys:Viewer must be at least 16 characters.")]
    public string? Viewer { get; set; }

    [MinLength(16, ErrorMessage = "Dashboard:AccessKeys:Operator must be at least 16 characters.")]
    public string? Operator { get; set; }

    public bool Any => !string.IsNullOrEmpty(Viewer) || !string.IsNullOrEmpty(Operator);
}

/// <summary><c>Dashboard:Session</c>: how long a signed-in session lives.</summary>
public sealed class SessionOptions
{
    public const string Section = "Dashboard:Session";

    /// <summary>Sliding: a session with no request and no circuit activity for this long ends.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Absolute: no session outlives this, active or not.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often an open page re-checks that its session is still alive (signed out elsewhere, idle, expired).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>Dashboard:SignIn</c>: the access-key sign-in's rate limit, per client address.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Dashboard:SignIn";

    [Range(1, 1000)]
    public int AttemptsPerWindow { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// <c>Authentication:OpenIdConnect</c>: the identity provider of deployments (Microsoft Entra ID or any OpenID
/// Connect provider). Off unless <see cref="Authority"/> is set. Roles come from <see cref="RoleClaim"/>: a user
/// whose claim holds none of the listed values signs in but is refused every page.
/// </summary>
public sealed class OpenIdConnectSignInOptions
{
    public const string Section = "Authentication:OpenIdConnect";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Off only for a test provider on plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Shown on the sign-in button.</summary>
    public string DisplayName { get; set; } = "Microsoft Entra ID";

    /// <summary>Entra ID puts app roles in <c>roles</c>; other providers may use <c>groups</c> or their own claim.</summary>
    public string RoleClaim { get; set; } = "roles";

    // Null defaults: the configuration binder appends to an array it finds filled, it never replaces it.
    public string[]? OperatorValues { get; set; }

    public string[]? ViewerValues { get; set; }

    public string[]? Scopes { get; set; }

    public IReadOnlyList<string> OperatorRoleValues => OperatorValues is { Length: > 0 } values ? values : ["DocStream.Operator"];

    public IReadOnlyList<string> ViewerRoleValues => ViewerValues is { Length: > 0 } values ? values : ["DocStream.Viewer"];

    public IReadOnlyList<string> RequestedScopes => Scopes is { Length: > 0 } values ? values : ["openid", "profile"];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
