namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// The one confidential client an <see cref="OpenIdTestServer"/> knows. Redirect URIs are compared as whole
/// strings (<see cref="Uri.AbsoluteUri"/>), as a real provider compares registered ones.
/// </summary>
public sealed record OpenIdTestClient(
    string ClientId,
    string ClientSecret,
    IReadOnlyList<Uri> RedirectUris,
    IReadOnlyList<Uri> PostLogoutRedirectUris)
{
    public bool HasRedirectUri(string? uri) => RedirectUris.Any(registered => registered.AbsoluteUri == uri);

    public bool HasPostLogoutRedirectUri(string? uri) => PostLogoutRedirectUris.Any(registered => registered.AbsoluteUri == uri);
}
