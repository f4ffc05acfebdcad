using System.Net;
using DocStream.Dashboard.SecurityTests.Infrastructure;

namespace DocStream.Dashboard.SecurityTests;

/// <summary>The export endpoints under the dashboard's sign-in: refused without a session, open to viewers (export is reading).</summary>
public sealed class ExportAuthorizationTests : IDisposable
{
    private const string OperatorKey = "operator-key-1f3a5c7e9b2d4f6a";
    private const string ViewerKey = "viewer-key-2e4c6a8f1b3d5e7c";

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
    [InlineData("export/lines?format=csv")]
    [InlineData("export/lines?format=jsonl&country=France")]
    [InlineData("export/customers/17850/invoices")]
    [InlineData("export/invoices/536365/lines")]
    [InlineData("export/dead-letters")]
    [InlineData("export/analytics/day")]
    public async Task Without_a_session_every_export_answers_401(string path)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(15) };
        using var response = await http.GetAsync(_dashboard.Url(path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_viewer_reaches_the_export_which_checks_its_parameters()
    {
        await SignInAsync(ViewerKey);

        // Past authorization: the parameters are read (a wrong one is named), and without a snapshot (this test runs
        // no MongoDB) the analytics export says it is not ready rather than refusing the viewer.
        var badFormat = await _browser.GetAsync(_dashboard.Url("export/lines?format=xlsx"));
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.Contains("format must be csv or jsonl", badFormat.Body, StringComparison.Ordinal);
        var badDay = await _browser.GetAsync(_dashboard.Url("export/lines?from=1/12/2010"));
        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
        var notReady = await _browser.GetAsync(_dashboard.Url("export/analytics/day"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
    }

    private async Task SignInAsync(string key)
    {
        var form = await _browser.GetAsync(_dashboard.Url("signin?returnUrl=%2Flines"));
        await _browser.PostFormAsync(_dashboard.Url("account/signin"),
        [
            new("__RequestVerificationToken", Forms.AntiforgeryToken(form.Body)),
            new("returnUrl", "/lines"),
            new("key", key),
        ]);
    }
}
