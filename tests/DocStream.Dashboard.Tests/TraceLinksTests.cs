using DocStream.Contracts;
using DocStream.Dashboard.Telemetry;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Tests;

public sealed class TraceLinksTests
{
    private static readonly DocumentMeta Traced = new(0, 1, DateTime.UtcNow, "0af7651916cd43dd8448eb211c80319c");

    [Theory]
    [InlineData("http://localhost:15080", "http://localhost:15080/traces/detail/0af7651916cd43dd8448eb211c80319c")]
    [InlineData("https://localhost:17080/", "https://localhost:17080/traces/detail/0af7651916cd43dd8448eb211c80319c")]
    public void A_trace_id_links_to_its_page_in_the_Aspire_dashboard(string dashboard, string expected) =>
        Assert.Equal(expected, Links(dashboard).For(Traced));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    public void Without_a_web_address_for_the_Aspire_dashboard_nothing_links(string? dashboard)
    {
        var links = Links(dashboard);
        Assert.False(links.Enabled);
        Assert.Null(links.For(Traced));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0AF7651916CD43DD8448EB211C80319C")]
    [InlineData("0af7651916cd43dd")]
    [InlineData("../../account/signout?x=0af7651916cd43dd8448eb211c8")]
    public void A_missing_or_malformed_trace_id_links_nowhere(string? traceId) =>
        Assert.Null(Links("http://localhost:15080").For(Traced with { TraceId = traceId }));

    private static TraceLinks Links(string? dashboard) => new(Options.Create(new TraceLinkOptions { AspireDashboardUrl = dashboard }));
}
