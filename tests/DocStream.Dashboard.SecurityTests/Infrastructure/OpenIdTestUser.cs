namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// A user the provider can sign in. <paramref name="Roles"/> go into the id_token as a <c>roles</c> array,
/// the shape Entra ID gives app roles (an array even for one role).
/// </summary>
public sealed record OpenIdTestUser(string Subject, string Name, IReadOnlyList<string> Roles);
