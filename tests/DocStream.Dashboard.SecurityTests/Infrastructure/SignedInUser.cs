namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>What the relying party's protected page says about the signed-in user.</summary>
public sealed record SignedInUser(string? Name, IReadOnlyList<string> Roles);
