using DocStream.Dashboard.BrowserTests.Infrastructure;
using Xunit;

namespace DocStream.Dashboard.BrowserTests;

/// <summary>
/// The run behind the browser tests (AppHost on emulators, replay through the API with its key, MongoDB with its
/// password, sign-ins with both access keys) must not have written any of its secrets to any resource's log.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SecretScanTests(DashboardStack stack)
{
    [Fact]
    public void No_log_line_of_any_resource_holds_a_secret_of_the_run()
    {
        var lines = stack.Logs.Lines;
        // The scan means something only if the logs were collected: every service wrote its start-up lines.
        foreach (var resource in new[] { "ingestapi", "processor", "dashboard" })
        {
            Assert.Contains(lines, l => l.Resource.StartsWith(resource, StringComparison.Ordinal));
        }
        foreach (var (name, secret) in stack.Secrets)
        {
            var leaks = lines.Where(l => l.Line.Contains(secret, StringComparison.Ordinal)).Select(l => $"{l.Resource}: {l.Line}").ToList();
            Assert.True(leaks.Count == 0, $"{name} appears in {leaks.Count} log line(s):\n{string.Join('\n', leaks.Take(5))}");
        }
    }
}
