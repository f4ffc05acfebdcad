using System.Net;
using System.Security.Claims;
using System.Text.Json;
using DocStream.Dashboard.Operations;
using DocStream.Dashboard.SecurityTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DocStream.Dashboard.SecurityTests;

/// <summary>
/// The dashboard over HTTP with access keys: what anonymous callers get, the key check and its rate limit, the
/// session's expiry and sign-out, and operator actions refused on the server for viewers.
/// </summary>
public sealed class AccessKeySignInTests : IDisposable
{
    private const string OperatorKey = "operator-key-5c1e9a7b3d2f4e6a";
    private const string ViewerKey = "viewer-key-8d4b2f6a1c9e7b3d";

    private readonly DashboardServer _dashboard = new(LoopbackPort.NewBaseUri(), new Dictionary<string, string>
    {
        ["Dashboard:AccessKeys:Operator"] = OperatorKey,
        ["Dashboard:AccessKeys:Viewer"] = ViewerKey,
    });
    private readonly HttpBrowser _browser = new();

    public void Dispose()
    {
        _browser.Dispose();
        _dashboard.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("customers/17850")]
    [InlineData("lines")]
    [InlineData("analytics")]
    [InlineData("dead-letters")]
    public async Task An_anonymous_page_visit_is_sent_to_sign_in(string path)
    {
        using var http = NoRedirects();
        using var request = new HttpRequestMessage(HttpMethod.Get, _dashboard.Url(path));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(_dashboard.Url($"signin?returnUrl={Uri.EscapeDataString("/" + path)}"), response.Headers.Location);
    }

    [Theory]
    [InlineData("POST", "_blazor/negotiate?negotiateVersion=1")]
    [InlineData("GET", "_blazor")]
    [InlineData("GET", "lines")]
    public async Task The_Blazor_hub_and_anything_that_is_not_a_page_visit_answer_401_without_a_session(string method, string path)
    {
        using var http = NoRedirects();
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), _dashboard.Url(path)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_tells_an_anonymous_caller_only_the_status_and_a_signed_in_operator_the_detail()
    {
        using var http = NoRedirects();
        var anonymous = JsonDocument.Parse(await (await http.GetAsync(_dashboard.Url("health"))).Content.ReadAsStringAsync());
        Assert.False(anonymous.RootElement.TryGetProperty("checks", out _));
        Assert.True(anonymous.RootElement.TryGetProperty("status", out _));

        await SignInAsync(ViewerKey);
        var viewer = JsonDocument.Parse((await _browser.GetAsync(_dashboard.Url("health"))).Body);
        Assert.False(viewer.RootElement.TryGetProperty("checks", out _));

        await SignInAsync(OperatorKey);
        var operatorView = JsonDocument.Parse((await _browser.GetAsync(_dashboard.Url("health"))).Body);
        Assert.True(operatorView.RootElement.TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task Each_key_gives_its_role_and_a_wrong_one_gives_no_session()
    {
        var wrong = await SignInAsync(ViewerKey + "x");
        Assert.Equal(_dashboard.Url("signin?error=key&returnUrl=%2Flines"), wrong.Url);
        Assert.DoesNotContain("DocStream.Auth", _browser.CookieNames(_dashboard.BaseUri));

        await SignInAsync(ViewerKey);
        Assert.Contains("DocStream.Auth", _browser.CookieNames(_dashboard.BaseUri));
        Assert.Contains("Viewer (access key)", (await _browser.GetAsync(_dashboard.Url("signin"))).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_five_attempts_in_a_minute_even_the_right_key_is_refused_with_429_and_Retry_After()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync($"guess-{i}")).StatusCode);
        }
        var locked = await SignInAsync(OperatorKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Response.Headers.RetryAfter);
        Assert.DoesNotContain("DocStream.Auth", _browser.CookieNames(_dashboard.BaseUri));
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        using var http = NoRedirects();
        using var response = await http.PostAsync(_dashboard.Url("account/signin"),
            new FormUrlEncodedContent([new("key", OperatorKey), new("returnUrl", "/")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("DocStream.Auth", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("//evil.example/steal")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_never_redirects_off_the_site(string returnUrl)
    {
        var page = await SignInAsync(ViewerKey, returnUrl);

        Assert.Equal(_dashboard.BaseUri.Authority, page.Url.Authority);
        Assert.All(page.Visited, url => Assert.Equal(_dashboard.BaseUri.Authority, url.Authority));
    }

    [Fact]
    public async Task A_session_ends_after_thirty_idle_minutes_but_not_while_used()
    {
        await SignInAsync(ViewerKey);
        for (var i = 0; i < 3; i++)
        {
            _dashboard.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(_dashboard.Url("dead-letters"), (await _browser.GetAsync(_dashboard.Url("dead-letters"))).Url);
        }

        _dashboard.Clock.Advance(TimeSpan.FromMinutes(31));
        var page = await _browser.GetAsync(_dashboard.Url("dead-letters"));

        Assert.Equal(_dashboard.Url("signin?returnUrl=%2Fdead-letters"), page.Url);
    }

    [Fact]
    public async Task No_session_outlives_twelve_hours_even_when_used_all_along()
    {
        await SignInAsync(ViewerKey);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(20))
        {
            Assert.Equal(_dashboard.Url("lines"), (await _browser.GetAsync(_dashboard.Url("lines"))).Url);
            _dashboard.Clock.Advance(TimeSpan.FromMinutes(20));
        }

        Assert.Equal(_dashboard.Url("signin?returnUrl=%2Flines"), (await _browser.GetAsync(_dashboard.Url("lines"))).Url);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_needs_the_antiforgery_token()
    {
        await SignInAsync(ViewerKey);
        // Another site's form would carry the cookie (were it not SameSite=Lax) but never the token.
        var forged = await _browser.PostFormAsync(_dashboard.Url("account/signout"), []);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(_dashboard.Url("lines"), (await _browser.GetAsync(_dashboard.Url("lines"))).Url);

        var token = Forms.AntiforgeryToken((await _browser.GetAsync(_dashboard.Url("access-denied"))).Body);
        var signedOut = await _browser.PostFormAsync(_dashboard.Url("account/signout"), [new("__RequestVerificationToken", token)]);

        Assert.Equal(_dashboard.Url("signin?signedOut=true"), signedOut.Url);
        Assert.Equal(_dashboard.Url("signin?returnUrl=%2Flines"), (await _browser.GetAsync(_dashboard.Url("lines"))).Url);
    }

    [Fact]
    public async Task Pausing_and_rewinding_are_refused_on_the_server_to_a_viewer_whatever_the_page_showed()
    {
        var control = _dashboard.Services.GetRequiredService<IProcessingControl>();
        var viewer = Principal("Viewer (access key)", "viewer");
        var operatorUser = Principal("Operator (access key)", "operator");

        var refused = await Assert.ThrowsAsync<OperatorOnlyException>(() => control.SetPausedAsync(viewer, paused: true));
        Assert.Equal("Only an operator may pause processing.", refused.Message);
        // An operator passes the check and reaches MongoDB (which this test does not run).
        var stored = await Assert.ThrowsAnyAsync<Exception>(() => control.SetPausedAsync(operatorUser, paused: true));
        Assert.IsNotType<OperatorOnlyException>(stored);

        var rewind = _dashboard.Services.GetRequiredService<IRewindControl>();
        await Assert.ThrowsAsync<OperatorOnlyException>(() => rewind.DryRunAsync(viewer));
        await Assert.ThrowsAsync<OperatorOnlyException>(() => rewind.RequestAsync(viewer));
        // An operator passes the check: without Kafka in this test, the dry run says so (not "operators only").
        var noKafka = await Assert.ThrowsAsync<InvalidOperationException>(() => rewind.DryRunAsync(operatorUser));
        Assert.Contains("no Kafka connection", noKafka.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neither_key_appears_in_any_log_line_at_any_level()
    {
        await SignInAsync(OperatorKey + "-wrong");
        await SignInAsync(ViewerKey);
        await SignInAsync(OperatorKey);

        Assert.Contains(_dashboard.Log, line => line.Contains("Access-key sign-in refused", StringComparison.Ordinal));
        Assert.DoesNotContain(_dashboard.Log, line => line.Contains(OperatorKey, StringComparison.Ordinal) || line.Contains(ViewerKey, StringComparison.Ordinal));
    }

    private async Task<BrowserPage> SignInAsync(string key, string returnUrl = "/lines")
    {
        var form = await _browser.GetAsync(_dashboard.Url($"signin?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        return await _browser.PostFormAsync(_dashboard.Url("account/signin"),
        [
            new("__RequestVerificationToken", Forms.AntiforgeryToken(form.Body)),
            new("returnUrl", returnUrl),
            new("key", key),
        ]);
    }

    private static ClaimsPrincipal Principal(string name, string role) => new(new ClaimsIdentity(
        [new Claim("name", name), new Claim(Security.DashboardAuthentication.RoleClaim, role)], "AccessKey", "name", Security.DashboardAuthentication.RoleClaim));

    private static HttpClient NoRedirects() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
}
