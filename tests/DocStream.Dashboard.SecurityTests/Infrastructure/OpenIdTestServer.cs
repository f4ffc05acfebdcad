using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider for tests: OpenIddict's server in degraded mode (no database) on Kestrel at
/// http://127.0.0.1:{free port}/, over plain HTTP, with keys that live in memory only and unencrypted access
/// tokens. It knows one client and the users the test adds, and signs them in without a page (see
/// <see cref="NextUser"/>).
/// </summary>
public sealed class OpenIdTestServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly OpenIdTestUsers _users;
    private readonly OpenIdEndpointCounters _counters;

    private OpenIdTestServer(WebApplication app, Uri authority, OpenIdTestClient client, OpenIdTestUsers users, OpenIdEndpointCounters counters)
    {
        _app = app;
        Authority = authority;
        Client = client;
        _users = users;
        _counters = counters;
    }

    /// <summary>The issuer, <c>http://127.0.0.1:{port}/</c>; discovery is at <c>.well-known/openid-configuration</c> under it.</summary>
    public Uri Authority { get; }

    public OpenIdTestClient Client { get; }

    public Uri AuthorizationEndpoint => new(Authority, "connect/authorize");

    public Uri TokenEndpoint => new(Authority, "connect/token");

    public Uri EndSessionEndpoint => new(Authority, "connect/endsession");

    public Uri UserInfoEndpoint => new(Authority, "connect/userinfo");

    /// <summary>
    /// Subject of the user an authorization request signs in when it has no login_hint (relying parties like
    /// the dashboard send none). Null, or a subject never added, answers access_denied.
    /// </summary>
    public string? NextUser
    {
        get => _users.NextUser;
        set => _users.NextUser = value;
    }

    public int AuthorizationRequests => _counters.AuthorizationRequests;

    public int TokenRequests => _counters.TokenRequests;

    public int EndSessionRequests => _counters.EndSessionRequests;

    /// <summary>Adds (or replaces, by subject) a user the provider can sign in.</summary>
    public void AddUser(OpenIdTestUser user) => _users.Add(user);

    public static async Task<OpenIdTestServer> StartAsync(OpenIdTestClient client, CancellationToken cancellationToken = default)
    {
        var users = new OpenIdTestUsers();
        var counters = new OpenIdEndpointCounters();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: the OS gives a free port to the socket Kestrel keeps, so no other process can take it first.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            // Relative URIs: the issuer and the endpoints follow the address the request came to.
            server.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession")
                .SetUserInfoEndpointUris("connect/userinfo");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.Profile, Scopes.Email, Scopes.Roles);
            server.EnableDegradedMode();
            // The encryption key protects only what the provider reads back itself (codes): symmetric, made at once.
            server.AddEphemeralEncryptionKey(SecurityAlgorithms.Aes256KW)
                .AddSigningKey(TestSigningKey.Value)
                .DisableAccessTokenEncryption();
            // What discovery offers: the two methods TestClientValidation checks (the default adds private_key_jwt).
            // OpenIddict 7.8 in degraded mode does not refuse a method left out of this list.
            server.Configure(options =>
            {
                options.ClientAuthenticationMethods.Clear();
                options.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretBasic);
                options.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretPost);
            });
            server.UseAspNetCore().DisableTransportSecurityRequirement();

            TestClientValidation.Register(server, client);
            TestUserSessions.Register(server, users);
            RolesAlwaysAnArray.Register(server);
            counters.Register(server);
        });

        var app = builder.Build();
        app.UseAuthentication();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new OpenIdTestServer(app, new Uri(address.TrimEnd('/') + "/"), client, users, counters);
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
