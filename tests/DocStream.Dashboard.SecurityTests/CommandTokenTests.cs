using System.Net;
using System.Net.Http.Headers;
using DocStream.Dashboard.SecurityTests.Infrastructure;

namespace DocStream.Dashboard.SecurityTests;

/// <summary>
/// The routes behind the Aspire dashboard's re-drive commands: only the AppHost's command token opens them (never a
/// browser's session, even an operator's), the caller then acts as the operator "Aspire dashboard", and without a
/// token configured they do not exist.
/// </summary>
public sealed class CommandTokenTests : IDisposable
{
    private const string OperatorKey = "operator-key-2b7d9f1a3c5e8a0d";
    private const string Token = "command-token-6f0c2e8a4b1d9f3e7a5c";
    private const string DryRun = "operations/commands/redrive-dry-run";
    private const string Redrive = "operations/commands/redrive";

    private readonly DashboardServer _dashboard = new(LoopbackPort.NewBaseUri(), new Dictionary<string, string>
    {
        ["Dashboard:AccessKeys:Operator"] = OperatorKey,
        ["DocStream:Dashboard:CommandToken"] = Token,
    });

    public void Dispose() => _dashboard.Dispose();

    [Theory]
    [InlineData(DryRun, null)]
    [InlineData(DryRun, "Bearer command-token-wrong")]
    [InlineData(Redrive, "Bearer " + Token + "x")]
    [InlineData(Redrive, "Basic " + Token)]
    [InlineData(Redrive, "Bearer")]
    public async Task Without_the_command_token_a_command_route_answers_401_and_does_nothing(string path, string? authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _dashboard.Url(path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_dashboard.Log, line => line.Contains("Operator action", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_in_operators_session_does_not_open_a_command_route()
    {
        using var browser = new HttpBrowser();
        var form = await browser.GetAsync(_dashboard.Url("signin?returnUrl=%2F"));
        var signedIn = await browser.PostFormAsync(_dashboard.Url("account/signin"),
            [new("__RequestVerificationToken", Forms.AntiforgeryToken(form.Body)), new("returnUrl", "/"), new("key", OperatorKey)]);
        Assert.Contains("DocStream.Auth", browser.CookieNames(_dashboard.BaseUri));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        var command = await browser.PostFormAsync(_dashboard.Url(Redrive), []);

        Assert.Equal(HttpStatusCode.Unauthorized, command.StatusCode);
        Assert.DoesNotContain(_dashboard.Log, line => line.Contains("Operator action re-drive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_command_token_the_caller_acts_as_the_operator_Aspire_dashboard_and_the_token_is_never_logged()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _dashboard.Url(Redrive));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await http.SendAsync(request);

        // Past the check it reaches the re-drive service, which finds no MongoDB here and says so.
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("Not done:", body, StringComparison.Ordinal);
        Assert.Contains(_dashboard.Log, line => line.Contains("Operator action re-drive dead letters by Aspire dashboard", StringComparison.Ordinal));
        Assert.DoesNotContain(_dashboard.Log, line => line.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_command_token_configured_the_command_routes_do_not_exist()
    {
        using var dashboard = new DashboardServer(LoopbackPort.NewBaseUri(), new Dictionary<string, string> { ["Dashboard:AccessKeys:Operator"] = OperatorKey });
        using var browser = new HttpBrowser();
        var form = await browser.GetAsync(dashboard.Url("signin?returnUrl=%2F"));
        await browser.PostFormAsync(dashboard.Url("account/signin"),
            [new("__RequestVerificationToken", Forms.AntiforgeryToken(form.Body)), new("returnUrl", "/"), new("key", OperatorKey)]);

        // A signed-in operator passes the deny-by-default policy and finds no route taking a POST there (the pages'
        // catch-all takes GET only); with a token configured the same request is refused with 401 instead.
        var command = await browser.PostFormAsync(dashboard.Url(Redrive), []);

        Assert.Contains(command.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
    }
}
