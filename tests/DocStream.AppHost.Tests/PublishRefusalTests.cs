using System.Text.Json;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>Settings that cannot produce a working deployment stop the publisher with a clear message and no manifest.</summary>
public sealed class PublishRefusalTests
{
    [Fact]
    public async Task Publishing_with_the_emulators_is_refused_with_a_clear_message()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:Infrastructure=emulators"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.ManifestText);
        Assert.Contains("never deployed", run.Output, StringComparison.Ordinal);
        Assert.Contains("DocStream__Infrastructure=containers", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_infrastructure_mode_is_refused_with_the_valid_choices()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:Infrastructure=kubernetes"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.ManifestText);
        Assert.Contains("use auto, containers, emulators or external", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_processor_replicas_than_ingest_partitions_are_refused()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:ProcessorReplicas=13"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.ManifestText);
        Assert.Contains("DocStream:ProcessorReplicas is '13'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unacknowledged_MongoDB_write_concern_is_refused()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:MongoDB:WriteConcern=0"]);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("DocStream:MongoDB:WriteConcern", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_write_concern_reaches_the_connection_strings()
    {
        var run = await ManifestGenerator.RunAsync(["--DocStream:MongoDB:WriteConcern=2"]);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.EndsWith("&w=2", run.Resources["docstreaming"]!["connectionString"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_user_secrets_never_reach_the_manifest()
    {
        // azd runs the AppHost with its launch profile (Development), which loads the developer's user secrets:
        // the generated API key and MongoDB password of local runs. None of them may be published.
        var secretsFile = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".microsoft", "usersecrets", "docstream-apphost-6f1c2a4e", "secrets.json");
        var values = new List<string> { "SentinelDevelopmentValue9a1f" };
        if (File.Exists(secretsFile))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(secretsFile).TrimStart('\uFEFF'));
            values.AddRange(document.RootElement.EnumerateObject()
                .Where(p => p.Name.StartsWith("Parameters:", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String)
                .Select(p => p.Value.GetString()!)
                .Where(v => v.Length >= 8));
        }
        // The password is given (as a sentinel), the API key comes from the user secrets when a developer has run the AppHost here.
        var run = await ManifestGenerator.RunAsync(["--Parameters:mongo-password=SentinelDevelopmentValue9a1f"], environment: "Development");
        Assert.True(run.ExitCode == 0, run.Output);
        ManifestAssertions.ContainsNone(run.ManifestText!, values);
    }
}
