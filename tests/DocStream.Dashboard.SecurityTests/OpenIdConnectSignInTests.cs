using System.Net;
using System.Text.Json;
using DocStream.Dashboard.SecurityTests.Infrastructure;

namespace DocStream.Dashboard.SecurityTests;

/// <summary>
/// The dashboard signing in with OpenID Connect against a real provider started here (OpenIddict): roles from the
/// provider's <c>roles</c> claim as Entra ID sends app roles, a user with no role refused, sign-out at the provider too.
/// </summary>
public sealed class OpenIdConnectSignInTests : IAsyncLifetime
{
    private const string ClientId = "docstream-dashboard";
    private const string ClientSecret = "oidc-client-secret-3e8a1f6c9b2d";

    private static readonly OpenIdTestUser Alice = new("alice", "Alice Martin", ["DocStream.Operator"]);
    private static readonly OpenIdTestUser Bob = new("bob", "Bob Stone", ["DocStream.Viewer", "Payroll.Reader"]);
    private static readonly OpenIdTestUser Carol = new("carol", "Carol Ng", ["Payroll.Reader"]);

    private readonly Uri _dashboardUri = LoopbackPort.NewBaseUri();
    private readonly HttpBrowser _browser = new();
    private OpenIdTestServer _provider = null!;
    private DashboardServer _dashboard = null!;

    public async Task InitializeAsync()
    {
        _provider = await OpenIdTestServer.StartAsync(TestRelyingParty.ClientFor(_dashboardUri, ClientId, ClientSecret));
        foreach (var user in new[] { Alice, Bob, Carol })
        {
            _provider.AddUser(user);
        }
        _dashboard = new DashboardServer(_dashboardUri, new Dictionary<string, string>
        {
            ["Authentication:OpenIdConnect:Authority"] = _provider.Authority.AbsoluteUri,
            ["Authentication:OpenIdConnect:ClientId"] = ClientId,
            ["Authentication:OpenIdConnect:ClientSecret"] = ClientSecret,
            ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
            ["Authentication:OpenIdConnect:DisplayName"] = "Test provider",
        });
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        _dashboard.Dispose();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_provider_and_no_access_key_form()
    {
        var page = await _browser.GetAsync(_dashboard.Url("lines"));

        Assert.Equal(_dashboard.Url("signin?returnUrl=%2Flines"), page.Url);
        Assert.Contains("Sign in with Test provider", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("access-key", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_from_the_roles_claim_signs_in_to_the_page_asked_for_and_reads_the_health_detail()
    {
        _provider.NextUser = Alice.Subject;

        var page = await _browser.GetAsync(_dashboard.Url("account/signin/oidc?returnUrl=%2Flines"));

        Assert.True(page.StatusCode == HttpStatusCode.OK && page.Url == _dashboard.Url("lines"), string.Join(" -> ", page.Visited));
        Assert.True(page.WentThrough(_provider.AuthorizationEndpoint));
        Assert.Equal(1, _provider.TokenRequests);
        Assert.Contains("Alice Martin", (await _browser.GetAsync(_dashboard.Url("signin"))).Body, StringComparison.Ordinal);
        var health = JsonDocument.Parse((await _browser.GetAsync(_dashboard.Url("health"))).Body);
        Assert.True(health.RootElement.TryGetProperty("checks", out _), "An operator sees the health detail.");
    }

    [Fact]
    public async Task A_viewer_reads_pages_but_is_no_operator()
    {
        _provider.NextUser = Bob.Subject;

        var page = await _browser.GetAsync(_dashboard.Url("account/signin/oidc?returnUrl=%2Fanalytics"));

        Assert.Equal(_dashboard.Url("analytics"), page.Url);
        var health = JsonDocument.Parse((await _browser.GetAsync(_dashboard.Url("health"))).Body);
        Assert.False(health.RootElement.TryGetProperty("checks", out _), "A viewer is no operator.");
    }

    [Fact]
    public async Task A_user_without_a_DocStream_role_is_signed_in_but_refused_every_page()
    {
        _provider.NextUser = Carol.Subject;

        var page = await _browser.GetAsync(_dashboard.Url("account/signin/oidc?returnUrl=%2Flines"));

        Assert.Equal(_dashboard.Url("access-denied?returnUrl=%2Flines"), page.Url);
        Assert.Contains("Carol Ng", page.Body, StringComparison.Ordinal);
        Assert.Contains("no DocStream role", page.Body, StringComparison.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = _browser.Cookies });
        using var hub = await http.PostAsync(_dashboard.Url("_blazor/negotiate?negotiateVersion=1"), null);
        Assert.Equal(HttpStatusCode.Forbidden, hub.StatusCode);
    }

    [Fact]
    public async Task A_refusal_at_the_provider_lands_on_the_sign_in_page_with_a_message()
    {
        _provider.NextUser = "mallory";

        var page = await _browser.GetAsync(_dashboard.Url("account/signin/oidc?returnUrl=%2Flines"));

        Assert.Equal(_dashboard.Url("signin?error=provider"), page.Url);
        Assert.Contains("Signing in with Test provider did not succeed", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("DocStream.Auth", _browser.CookieNames(_dashboard.BaseUri));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_signs_out_at_the_provider()
    {
        _provider.NextUser = Alice.Subject;
        await _browser.GetAsync(_dashboard.Url("account/signin/oidc?returnUrl=%2F"));
        var token = Forms.AntiforgeryToken((await _browser.GetAsync(_dashboard.Url("access-denied"))).Body);

        var signedOut = await _browser.PostFormAsync(_dashboard.Url("account/signout"), [new("__RequestVerificationToken", token)]);

        Assert.Equal(1, _provider.EndSessionRequests);
        Assert.True(signedOut.WentThrough(_provider.EndSessionEndpoint), string.Join(" -> ", signedOut.Visited));
        Assert.Equal(_dashboard.Url("signin?signedOut=true"), signedOut.Url);
        Assert.Equal(_dashboard.Url("signin?returnUrl=%2Flines"), (await _browser.GetAsync(_dashboard.Url("lines"))).Url);
    }

    [Fact]
    public async Task The_client_secret_appears_in_no_log_line_at_any_level()
    {
        _provider.NextUser = Alice.Subject;
        await _browser.GetAsync(_dashboard.Url("account/signin/oidc?returnUrl=%2F"));

        Assert.Contains(_dashboard.Log, line => line.Contains("OpenIdConnect", StringComparison.Ordinal));
        Assert.DoesNotContain(_dashboard.Log, line => line.Contains(ClientSecret, StringComparison.Ordinal));
    }
}
