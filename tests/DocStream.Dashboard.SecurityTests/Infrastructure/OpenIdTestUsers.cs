using System.Collections.Concurrent;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>The provider's users, and who the next sign-in is when the request names nobody.</summary>
internal sealed class OpenIdTestUsers
{
    private readonly ConcurrentDictionary<string, OpenIdTestUser> _bySubject = new(StringComparer.Ordinal);
    private volatile string? _nextUser;

    public string? NextUser
    {
        get => _nextUser;
        set => _nextUser = value;
    }

    public void Add(OpenIdTestUser user) => _bySubject[user.Subject] = user;

    public OpenIdTestUser? Find(string? subject) =>
        subject is not null && _bySubject.TryGetValue(subject, out var user) ? user : null;

    /// <summary>The user an authorization request signs in: the one its login_hint names, else <see cref="NextUser"/>.</summary>
    public OpenIdTestUser? ForSignIn(string? loginHint) => Find(string.IsNullOrEmpty(loginHint) ? NextUser : loginHint);
}
