using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DocStream.Dashboard.SecurityTests.Infrastructure;

namespace DocStream.Dashboard.SecurityTests;

/// <summary>
/// The test provider proven against a relying party built like the dashboard (Microsoft's OpenID Connect
/// handler, cookie session), driven by <see cref="HttpBrowser"/> through real redirects and form posts.
/// </summary>
public sealed class OpenIdTestServerTests : IAsyncLifetime
{
    private const string ClientId = "docstream-dashboard";
    private const string ClientSecret = "dashboard-secret";

    private static readonly OpenIdTestUser Alice = new("alice", "Alice Martin", ["DocStream.Reader", "DocStream.Operator"]);
    private static readonly OpenIdTestUser Bob = new("bob", "Bob Stone", ["DocStream.Reader"]);

    private readonly Uri _appUri = LoopbackPort.NewBaseUri();
    private readonly HttpBrowser _browser = new();
    private OpenIdTestServer? _provider;

    private OpenIdTestServer Provider => _provider ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _provider = await OpenIdTestServer.StartAsync(TestRelyingParty.ClientFor(_appUri, ClientId, ClientSecret));
        _provider.AddUser(Alice);
        _provider.AddUser(Bob);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Signing_in_ends_at_the_protected_page_with_the_users_name_and_roles_from_the_id_token()
    {
        await using var app = await StartAppAsync();
        Provider.NextUser = Alice.Subject;

        var page = await _browser.GetAsync(app.ProtectedPage);

        Assert.True(HttpStatusCode.OK == page.StatusCode, Describe(page));
        Assert.Equal(app.ProtectedPage, page.Url);
        var user = JsonSerializer.Deserialize<SignedInUser>(page.Body, JsonSerializerOptions.Web);
        Assert.Equal(Alice.Name, user?.Name);
        Assert.Equal(Alice.Roles, user?.Roles);
        // The code came back in a form post to the handler's callback, and was redeemed once.
        Assert.True(page.WentThrough(Provider.AuthorizationEndpoint), Describe(page));
        Assert.True(page.WentThrough(new Uri(app.BaseUri, "signin-oidc")), Describe(page));
        Assert.Equal((1, 1), (Provider.AuthorizationRequests, Provider.TokenRequests));
        Assert.Contains(TestRelyingParty.SessionCookie, _browser.CookieNames(app.BaseUri));
    }

    [Fact]
    public async Task A_login_hint_picks_the_user_over_NextUser()
    {
        await using var app = await StartAppAsync();
        Provider.NextUser = Alice.Subject;

        var page = await _browser.GetAsync(app.LoginPage(Bob.Subject));

        Assert.True(HttpStatusCode.OK == page.StatusCode, Describe(page));
        var user = JsonSerializer.Deserialize<SignedInUser>(page.Body, JsonSerializerOptions.Web);
        Assert.Equal(Bob.Name, user?.Name);
        Assert.Equal(Bob.Roles, user?.Roles);
    }

    [Fact]
    public async Task The_id_token_carries_roles_as_an_array_even_for_a_single_role()
    {
        await using var app = await StartAppAsync();
        Provider.NextUser = Bob.Subject;
        await _browser.GetAsync(app.ProtectedPage);

        var tokens = await TokensAsync(app);

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(tokens["id_token"]!.Split('.')[1]));
        var roles = payload.RootElement.GetProperty("roles");
        Assert.Equal(JsonValueKind.Array, roles.ValueKind);
        Assert.Equal(Bob.Roles, roles.EnumerateArray().Select(role => role.GetString()));
        Assert.Equal(Bob.Subject, payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal(ClientId, payload.RootElement.GetProperty("aud").GetString());
        Assert.Equal(Provider.Authority.AbsoluteUri, payload.RootElement.GetProperty("iss").GetString());
    }

    [Fact]
    public async Task Userinfo_describes_the_user_the_access_token_was_issued_for()
    {
        await using var app = await StartAppAsync();
        Provider.NextUser = Alice.Subject;
        await _browser.GetAsync(app.ProtectedPage);
        var tokens = await TokensAsync(app);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, Provider.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]);
        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var claims = JsonDocument.Parse(body);
        Assert.Equal(Alice.Subject, claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal(Alice.Name, claims.RootElement.GetProperty("name").GetString());
        Assert.Equal(Alice.Roles, claims.RootElement.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_the_sign_in_with_invalid_client_and_no_session()
    {
        await using var app = await StartAppAsync(clientSecret: "not-the-secret");
        Provider.NextUser = Alice.Subject;

        var page = await _browser.GetAsync(app.ProtectedPage);

        Assert.True(page.Url.AbsoluteUri.StartsWith(app.SignInFailedPage.AbsoluteUri, StringComparison.Ordinal), Describe(page));
        Assert.Contains("invalid_client", page.Body);
        Assert.Equal((1, 1), (Provider.AuthorizationRequests, Provider.TokenRequests));
        Assert.DoesNotContain(TestRelyingParty.SessionCookie, _browser.CookieNames(app.BaseUri));
    }

    [Fact]
    public async Task An_unknown_user_is_sent_back_with_access_denied_and_no_token_is_issued()
    {
        await using var app = await StartAppAsync();
        Provider.NextUser = "mallory";

        var page = await _browser.GetAsync(app.ProtectedPage);

        Assert.True(page.Url.AbsoluteUri.StartsWith(app.SignInFailedPage.AbsoluteUri, StringComparison.Ordinal), Describe(page));
        Assert.Contains("access_denied", page.Body);
        Assert.Equal((1, 0), (Provider.AuthorizationRequests, Provider.TokenRequests));
        Assert.DoesNotContain(TestRelyingParty.SessionCookie, _browser.CookieNames(app.BaseUri));
    }

    [Fact]
    public async Task Signing_out_goes_through_the_end_session_endpoint_back_to_the_app_and_the_next_visit_asks_the_provider_again()
    {
        await using var app = await StartAppAsync();
        Provider.NextUser = Alice.Subject;
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync(app.ProtectedPage)).StatusCode);

        var signedOut = await _browser.GetAsync(app.LogoutPage);

        Assert.Equal(app.SignedOutPage, signedOut.Url);
        Assert.True(signedOut.WentThrough(Provider.EndSessionEndpoint), Describe(signedOut));
        // Microsoft's handler ignores an error on its sign-out callback, so the test looks at the query itself.
        var callback = Assert.Single(signedOut.Visited, url => url.AbsolutePath == "/signout-callback-oidc");
        Assert.DoesNotContain("error=", callback.Query);
        Assert.Equal(1, Provider.EndSessionRequests);
        Assert.DoesNotContain(TestRelyingParty.SessionCookie, _browser.CookieNames(app.BaseUri));

        // With nobody to sign in, the provider's answer shows whether the app asked it again.
        Provider.NextUser = null;
        var again = await _browser.GetAsync(app.ProtectedPage);

        Assert.Equal(Provider.AuthorizationEndpoint.AbsoluteUri, again.Visited[1].GetLeftPart(UriPartial.Path));
        Assert.Contains("access_denied", again.Body);
        Assert.Equal(2, Provider.AuthorizationRequests);
    }

    private Task<TestRelyingParty> StartAppAsync(string clientSecret = ClientSecret) =>
        TestRelyingParty.StartAsync(_appUri, Provider.Authority, ClientId, clientSecret);

    private async Task<Dictionary<string, string?>> TokensAsync(TestRelyingParty app)
    {
        var page = await _browser.GetAsync(app.TokensPage);
        Assert.True(HttpStatusCode.OK == page.StatusCode, Describe(page));
        return JsonSerializer.Deserialize<Dictionary<string, string?>>(page.Body)!;
    }

    private static string Describe(BrowserPage page) =>
        $"{(int)page.StatusCode} at {page.Url} after {string.Join(" -> ", page.Visited)}: {page.Body[..Math.Min(page.Body.Length, 600)]}";
}
