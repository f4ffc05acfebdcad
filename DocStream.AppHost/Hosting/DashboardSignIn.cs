using Microsoft.Extensions.Configuration;

namespace DocStream.AppHost.Hosting;

/// <summary>
/// How people sign in to the DocStream dashboard (<c>DocStream:Dashboard:SignIn</c>):
/// <c>access-key</c> (default): two generated secret parameters, one per role, for local runs and any deployment
/// without an identity provider; <c>oidc</c>: an OpenID Connect provider such as Microsoft Entra ID, its authority,
/// client id and client secret as parameters (docs/deploy.md). Never anonymous.
/// </summary>
public static class DashboardSignIn
{
    public const string ModeKey = "DocStream:Dashboard:SignIn";
    public const string OperatorKeyParameter = "dashboard-operator-key";
    public const string ViewerKeyParameter = "dashboard-viewer-key";
    public const string AuthorityParameter = "dashboard-oidc-authority";
    public const string ClientIdParameter = "dashboard-oidc-client-id";
    public const string ClientSecretParameter = "dashboard-oidc-client-secret";

    /// <summary>Wires the chosen sign-in into the dashboard and returns the line telling a newcomer how to sign in.</summary>
    public static string Configure(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> dashboard)
    {
        var mode = (builder.Configuration[ModeKey] ?? "access-key").Trim().ToLowerInvariant();
        // Container Apps ends TLS at its ingress: without the forwarded headers the app would think it runs on
        // plain HTTP (no Secure cookie, http:// OIDC redirect URIs) and rate-limit the ingress's address.
        if (builder.ExecutionContext.IsPublishMode)
        {
            dashboard.WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        }
        switch (mode)
        {
            case "access-key":
            {
                var generated = new GenerateParameterDefault { MinLength = 32, Special = false };
                var operatorKey = builder.AddParameter(OperatorKeyParameter, generated, secret: true, persist: true);
                var viewerKey = builder.AddParameter(ViewerKeyParameter, generated, secret: true, persist: true);
                dashboard.WithEnvironment("Dashboard__AccessKeys__Operator", operatorKey)
                    .WithEnvironment("Dashboard__AccessKeys__Viewer", viewerKey)
                    .WithUrlForEndpoint("http", url => url.DisplayText = "Dashboard · key under Parameters");
                return $"DocStream dashboard sign-in: the access key is the '{OperatorKeyParameter}' parameter (operator; " +
                    $"'{ViewerKeyParameter}' reads only): Aspire dashboard > Parameters, or `dotnet user-secrets list --project DocStream.AppHost`.";
            }
            case "oidc":
            {
                var authority = builder.AddParameter(AuthorityParameter);
                var clientId = builder.AddParameter(ClientIdParameter);
                var clientSecret = builder.AddParameter(ClientSecretParameter, secret: true);
                dashboard.WithEnvironment("Authentication__OpenIdConnect__Authority", authority)
                    .WithEnvironment("Authentication__OpenIdConnect__ClientId", clientId)
                    .WithEnvironment("Authentication__OpenIdConnect__ClientSecret", clientSecret);
                return "DocStream dashboard sign-in: OpenID Connect (docs/deploy.md, \"Signing in to the dashboard\").";
            }
            default:
                throw new InvalidOperationException($"{ModeKey} is '{mode}'; use 'access-key' or 'oidc'.");
        }
    }
}
