using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocStream.Dashboard.SecurityTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace DocStream.Dashboard.SecurityTests;

/// <summary>
/// The test provider's endpoints asked directly, without a relying party: what it publishes, the code flow
/// with PKCE under both client secret methods, and the client checks degraded mode leaves to it, each refused
/// with the OpenID Connect error a real provider gives.
/// </summary>
public sealed class OpenIdTestServerEndpointTests : IAsyncLifetime
{
    private const string ClientId = "docstream-dashboard";
    private const string ClientSecret = "dashboard-secret";

    // Never contacted: the provider only compares these URIs with the ones requests name.
    private static readonly Uri AppUri = new("http://127.0.0.1:9/");
    private static readonly OpenIdTestClient Client = TestRelyingParty.ClientFor(AppUri, ClientId, ClientSecret);
    private static readonly OpenIdTestUser Alice = new("alice", "Alice Martin", ["DocStream.Reader"]);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
    private readonly string _verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    private OpenIdTestServer? _provider;

    private OpenIdTestServer Provider => _provider ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _provider = await OpenIdTestServer.StartAsync(Client);
        _provider.AddUser(Alice);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Discovery_publishes_the_endpoints_the_signing_key_and_both_client_secret_methods()
    {
        using var discovery = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Provider.Authority, ".well-known/openid-configuration")));
        var root = discovery.RootElement;

        Assert.Equal(Provider.Authority.AbsoluteUri, root.GetProperty("issuer").GetString());
        Assert.Equal(Provider.AuthorizationEndpoint.AbsoluteUri, root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(Provider.TokenEndpoint.AbsoluteUri, root.GetProperty("token_endpoint").GetString());
        Assert.Equal(Provider.EndSessionEndpoint.AbsoluteUri, root.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(Provider.UserInfoEndpoint.AbsoluteUri, root.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(root.GetProperty("token_endpoint_auth_methods_supported")).Order());
        Assert.Contains("S256", Strings(root.GetProperty("code_challenge_methods_supported")));
        Assert.Contains("form_post", Strings(root.GetProperty("response_modes_supported")));

        using var keys = JsonDocument.Parse(await _http.GetStringAsync(root.GetProperty("jwks_uri").GetString()));
        var key = Assert.Single(keys.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(("RSA", "sig"), (key.GetProperty("kty").GetString(), key.GetProperty("use").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_code_is_redeemed_with_its_PKCE_verifier_and_the_client_secret_in_the_form_or_the_basic_header(bool useClientSecretBasic)
    {
        var code = await AuthorizeAsync();

        using var response = await RedeemAsync(code, _verifier, ClientId, ClientSecret, useClientSecretBasic);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.OK == response.StatusCode, body);
        using var tokens = JsonDocument.Parse(body);
        Assert.Equal("Bearer", tokens.RootElement.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(tokens.RootElement.GetProperty("id_token").GetString()));
        // Not encrypted: a signed JWT has three parts (an encrypted one five).
        Assert.Equal(3, tokens.RootElement.GetProperty("access_token").GetString()!.Split('.').Length);
        Assert.Equal((1, 1), (Provider.AuthorizationRequests, Provider.TokenRequests));
    }

    [Fact]
    public async Task A_code_with_the_wrong_PKCE_verifier_is_refused_with_invalid_grant()
    {
        var code = await AuthorizeAsync();

        using var response = await RedeemAsync(code, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), ClientId, ClientSecret);

        Assert.Equal("invalid_grant", await ErrorAsync(response));
    }

    [Theory]
    [InlineData(ClientId, "not-the-secret", false)]
    [InlineData(ClientId, "not-the-secret", true)]
    [InlineData("someone-else", ClientSecret, false)]
    public async Task Token_requests_with_wrong_client_credentials_are_refused_with_invalid_client(string clientId, string clientSecret, bool useClientSecretBasic)
    {
        var code = await AuthorizeAsync();

        using var response = await RedeemAsync(code, _verifier, clientId, clientSecret, useClientSecretBasic);

        Assert.Equal("invalid_client", await ErrorAsync(response));
        Assert.Equal(1, Provider.TokenRequests);
    }

    [Fact]
    public async Task Client_credentials_are_checked_before_the_code_so_a_bad_secret_is_told_as_invalid_client()
    {
        using var response = await RedeemAsync("not-a-code", _verifier, ClientId, "not-the-secret");

        Assert.Equal("invalid_client", await ErrorAsync(response));
    }

    [Fact]
    public async Task An_unknown_client_id_is_refused_with_invalid_client_and_not_redirected()
    {
        using var response = await _http.GetAsync(AuthorizationRequest(clientId: "someone-else"));

        await AssertErrorShownByProviderAsync(response, "invalid_client");
        Assert.Equal(1, Provider.AuthorizationRequests);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_refused_with_invalid_request_and_not_redirected()
    {
        using var response = await _http.GetAsync(AuthorizationRequest(redirectUri: new Uri(AppUri, "elsewhere")));

        await AssertErrorShownByProviderAsync(response, "invalid_request");
    }

    [Fact]
    public async Task An_unregistered_post_logout_redirect_uri_is_refused_with_invalid_request_and_not_redirected()
    {
        using var response = await _http.GetAsync(EndSessionRequest(new Uri(AppUri, "elsewhere")));

        await AssertErrorShownByProviderAsync(response, "invalid_request");
        Assert.Equal(1, Provider.EndSessionRequests);
    }

    [Fact]
    public async Task A_registered_post_logout_redirect_uri_is_followed_with_the_state()
    {
        using var response = await _http.GetAsync(EndSessionRequest(Client.PostLogoutRedirectUris[0]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{Client.PostLogoutRedirectUris[0].AbsoluteUri}?state=xyz", response.Headers.Location?.AbsoluteUri);
    }

    /// <summary>Signs Alice in with response_mode=query and returns the code from the redirect.</summary>
    private async Task<string> AuthorizeAsync()
    {
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(_verifier)));
        using var response = await _http.GetAsync(AuthorizationRequest(codeChallenge: challenge, loginHint: Alice.Subject, responseMode: "query"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Client.RedirectUris[0].AbsoluteUri, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("xyz", query["state"].ToString());
        return query["code"].ToString();
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string verifier, string clientId, string clientSecret, bool useClientSecretBasic = false)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = Client.RedirectUris[0].AbsoluteUri,
            ["code_verifier"] = verifier,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, Provider.TokenEndpoint);
        if (useClientSecretBasic)
        {
            // RFC 6749 2.3.1: each part is form-encoded before they are joined.
            var credentials = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_id"] = clientId;
            form["client_secret"] = clientSecret;
        }

        request.Content = new FormUrlEncodedContent(form);
        return _http.SendAsync(request);
    }

    private Uri AuthorizationRequest(
        string clientId = ClientId, Uri? redirectUri = null, string? codeChallenge = null, string? loginHint = null, string responseMode = "form_post") =>
        new(QueryHelpers.AddQueryString(Provider.AuthorizationEndpoint.AbsoluteUri, new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = (redirectUri ?? Client.RedirectUris[0]).AbsoluteUri,
            ["response_type"] = "code",
            ["response_mode"] = responseMode,
            ["scope"] = "openid profile",
            ["code_challenge"] = codeChallenge ?? new string('c', 43),
            ["code_challenge_method"] = "S256",
            ["state"] = "xyz",
            ["nonce"] = "n-0S6_WzA2Mj",
            ["login_hint"] = loginHint,
        }));

    private Uri EndSessionRequest(Uri postLogoutRedirectUri) =>
        new(QueryHelpers.AddQueryString(Provider.EndSessionEndpoint.AbsoluteUri, new Dictionary<string, string?>
        {
            ["post_logout_redirect_uri"] = postLogoutRedirectUri.AbsoluteUri,
            ["state"] = "xyz",
        }));

    private static async Task<string?> ErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.False(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("error").GetString();
    }

    // An error the provider cannot trust the client's URI with is its own page, never a redirect to that URI.
    private static async Task AssertErrorShownByProviderAsync(HttpResponseMessage response, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        // OpenIddict answers 401 for invalid_client, 400 for the rest.
        Assert.True((int)response.StatusCode is 400 or 401, $"{(int)response.StatusCode} {response.Headers.Location}: {body}");
        Assert.Null(response.Headers.Location);
        Assert.Contains(error, body);
    }

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString());
}
